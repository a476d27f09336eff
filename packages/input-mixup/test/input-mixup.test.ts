import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMlp, mixStep, OptionError, resolveAmpOptions, Rng } from '@ampmix/core';
import type { PlanContext } from '@ampmix/core';
import { betaCdf, centralDifferences, ksTest, maxAbsDiff, mixerContract, referenceMixedMlpLoss } from '@ampmix/core/testing';
import type { ReferenceMlpParams } from '@ampmix/core/testing';
import { inputMixup } from '../src/index.js';

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const ctx = (batchSize: number, seed: number, sites: string[] = ['input', 'hidden1']): PlanContext => ({ batchSize, rng: new Rng(seed), sites });

describe('inputMixup: the mixer contract', () => {
  const method = inputMixup();
  const cases = mixerContract({
    name: 'input-mixup',
    policy: method.policy,
    mixer: method.mixer,
    sites: ['input', 'hidden1'],
    sample: (rng) => tf.tensor4d(Float32Array.from({ length: 4 * 5 * 5 * 1 }, () => rng.next()), [4, 5, 5, 1]),
  });
  for (const c of cases) it(c.name, c.run);

  it('the mixer leaks nothing in any pass, nor through its λ-gradient (strict count)', () => {
    const h = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const lambda = tf.tensor1d([0.2, 0.5, 0.9]);
    const partners = tf.tensor1d([1, 2, 0], 'int32');
    const plan = { lambda: Float32Array.from([0.2, 0.5, 0.9]), partners: Int32Array.from([1, 2, 0]), site: 'input' };
    const before = tf.memory().numTensors;
    for (const pass of ['plan', 'gradient', 'perturbed'] as const) method.mixer.mix(h, { plan, lambda, partners, pass }).dispose();
    tf.grad((l: tf.Tensor) => method.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }).sum())(lambda).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([h, lambda, partners]);
  });
});

describe('inputMixup: options', () => {
  it('defaults to α = 1, per-example λ, at the input', () => {
    const method = inputMixup();
    expect(method.name).toBe('input-mixup');
    const plan = method.policy.plan(ctx(6, 1));
    expect(plan.site).toBe('input');
    expect(new Set(plan.lambda).size).toBe(6);
    expect([...plan.partners].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each([
    [{ alpha: 0 }, /Invalid alpha: got 0; expected a finite number > 0/],
    [{ alpha: -1 }, /Invalid alpha: got -1; expected a finite number > 0/],
    [{ alpha: Number.NaN }, /Invalid alpha: got NaN/],
    [{ alpha: '1' }, /Invalid alpha: got "1"/],
    [{ granularity: 'pixel' }, /Invalid granularity: got "pixel"; expected one of "example", "batch"/],
    [{ site: 'hidden1' }, /inputMixup option "site"/],
  ])('rejects %o with a message naming option, value and range', (options, message) => {
    expect(() => inputMixup(options as never)).toThrow(OptionError);
    expect(() => inputMixup(options as never)).toThrow(message);
  });

  it('rejects a non-object', () => {
    expect(() => inputMixup(3 as never)).toThrow(/Invalid inputMixup options: got 3; expected an options object/);
  });

  it('batch granularity shares one λ', () => {
    const plan = inputMixup({ granularity: 'batch' }).policy.plan(ctx(5, 2));
    expect(new Set(plan.lambda).size).toBe(1);
  });

  it('fails clearly on a model without an input site', () => {
    expect(() => inputMixup().policy.plan(ctx(3, 1, ['word', 'sentence']))).toThrow(/Invalid site: got "input"; expected one of the model's sites: "word", "sentence"/);
  });

  it('draws λ from Beta(α, α) (Kolmogorov–Smirnov, α = 0.4 and α = 2)', () => {
    for (const alpha of [0.4, 2]) {
      const plan = inputMixup({ alpha }).policy.plan(ctx(4000, 17));
      const { pValue } = ksTest(plan.lambda, (x) => betaCdf(x, alpha, alpha));
      expect(pValue).toBeGreaterThan(0.001);
      // and it is not uniform for α ≠ 1
      expect(ksTest(plan.lambda, (x) => x).pValue).toBeLessThan(1e-6);
    }
  });
});

describe('inputMixup: mixing values', () => {
  it('matches λx_i + (1 − λ)x_π(i) computed by hand', () => {
    const method = inputMixup();
    const plan = { lambda: Float32Array.from([0.25, 1, 0.5]), partners: Int32Array.from([2, 0, 1]), site: 'input' };
    const got = tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      return method.mixer.mix(x, { plan, lambda: tf.tensor1d(plan.lambda), partners: tf.tensor1d(plan.partners, 'int32'), pass: 'plan' }).arraySync();
    });
    // row 0: 0.25·[1,2] + 0.75·[5,6] = [4, 5]; row 1: [3, 4]; row 2: 0.5·[5,6] + 0.5·[3,4] = [4, 5]
    expect(maxAbsDiff((got as number[][]).flat(), [4, 5, 3, 4, 4, 5])).toBeLessThan(1e-6);
  });
});

describe('inputMixup + AMP through mixStep on createMlp', () => {
  const B = 5;
  const D = 4;
  const H = 3;
  const C = 3;
  const rng = new Rng(42);
  const rand = (n: number, m: number, s = 1) => Array.from({ length: n }, () => Array.from({ length: m }, () => s * rng.normal()));
  const params: ReferenceMlpParams = { W1: rand(D, H, 0.8), b1: rand(1, H, 0.1)[0], W2: rand(H, C, 0.8), b2: rand(1, C, 0.1)[0] };
  const x = rand(B, D);
  const labels = [0, 1, 2, 1, 0];

  it('λ-gradient equals central finite differences of the mean loss (float64 reference), and λ′ = clip(λ + εg)', async () => {
    const model = createMlp({ inputSize: D, hiddenSizes: [H], numClasses: C, activation: 'tanh', initialWeights: { ...params } });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(labels, 'int32');
    const plan = inputMixup().policy.plan({ batchSize: B, rng: new Rng(3), sites: model.sites });
    const epsilon = 0.5;
    const { grads, stats, details } = await mixStep({
      model, inputs: xs, labels: ys, plan, mixer: inputMixup().mixer, amp: resolveAmpOptions({ epsilon }), training: false, details: true,
    });
    const lam = Array.from(plan.lambda);
    const numeric = centralDifferences((l) => referenceMixedMlpLoss(params, x, labels, Array.from(plan.partners), l, lam, C), lam, 1e-4);
    expect(maxAbsDiff(details!.lambdaGrad, numeric)).toBeLessThan(2e-5);
    expect(Math.max(...Array.from(numeric, Math.abs))).toBeGreaterThan(1e-3); // the check is not vacuous
    const expectedPrime = lam.map((l, i) => Math.min(1, Math.max(0, l + epsilon * numeric[i])));
    expect(maxAbsDiff(details!.lambdaPrime, expectedPrime)).toBeLessThan(1e-5);
    expect(stats.lossBefore).toBeCloseTo(referenceMixedMlpLoss(params, x, labels, Array.from(plan.partners), lam, lam, C), 5);
    expect(stats.lossAfter).toBeCloseTo(referenceMixedMlpLoss(params, x, labels, Array.from(plan.partners), expectedPrime, lam, C), 5);
    expect(stats.loss).toBeGreaterThanOrEqual(Math.max(stats.lossBefore, stats.lossAfter) - 1e-6);
    tf.dispose([...Object.values(grads!), xs, ys]);
    model.dispose();
  });

  it('leaks no tensors over repeated AMP steps', async () => {
    const model = createMlp({ inputSize: D, hiddenSizes: [H], numClasses: C, seed: 1 });
    const method = inputMixup({ alpha: 0.4 });
    const planRng = new Rng(9);
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(labels, 'int32');
    const amp = resolveAmpOptions({ epsilon: 0.01 });
    const after = [] as number[];
    for (let step = 0; step < 3; step++) {
      const plan = method.policy.plan({ batchSize: B, rng: planRng, sites: model.sites });
      const { grads } = await mixStep({ model, inputs: xs, labels: ys, plan, mixer: method.mixer, amp, seed: step });
      tf.dispose(Object.values(grads!));
      after.push(tf.memory().numTensors);
    }
    expect(new Set(after).size).toBe(1);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
