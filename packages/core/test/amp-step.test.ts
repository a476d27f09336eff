import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MixableModel, MixPlan } from '../src/index.js';
import {
  betaPolicy, createAmpState, createMlp, linearMix, mixStep, mixTargets, OptionError, perExampleLoss,
  resolveAmpOptions, reweight, Rng, toTargets,
} from '../src/index.js';
import { centralDifferences, maxAbsDiff } from '../src/testing/index.js';
import { createBilinearModel, randomBatch } from './helpers.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

function setup(seed = 1, batch = 6) {
  const rng = new Rng(seed);
  const x = tf.tensor2d(randomBatch(rng, batch, 4));
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32');
  return { rng, x, labels, dispose: () => tf.dispose([x, labels]) };
}

/** Mean loss at λ for the given plan, computed directly (no engine), in float32. */
function meanLossAt(model: MixableModel<tf.Tensor>, x: tf.Tensor, labels: tf.Tensor, plan: MixPlan, lambda: Float64Array): number {
  return tf.tidy(() => {
    const partners = tf.tensor1d(plan.partners, 'int32');
    const y = mixTargets(toTargets(labels, model.numClasses), partners, tf.tensor1d(plan.lambda));
    const logits = model.forward(x, { site: plan.site, mix: (h) => linearMix(h, partners, tf.tensor1d(Float32Array.from(lambda))) });
    return tf.mean(perExampleLoss('softmax-ce', logits, y)).dataSync()[0];
  });
}

describe('AMP λ-gradient', () => {
  it.each(['input', 'product'])('matches central finite differences on a bilinear (non-MLP) model at site %s', async (site) => {
    const { rng, x, labels, dispose } = setup(3);
    const model = createBilinearModel(4, 5, 3, 2);
    const plan = { ...betaPolicy().plan({ batchSize: 6, rng, sites: model.sites }), site };
    const { grads, details } = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions(), training: false, details: true });
    const fd = centralDifferences((l) => meanLossAt(model, x, labels, plan, l), plan.lambda, 1e-2);
    const scale = Math.max(...Array.from(fd, Math.abs));
    expect(scale).toBeGreaterThan(1e-3); // the check is not vacuous
    expect(maxAbsDiff(details!.lambdaGrad, fd)).toBeLessThan(2e-3 * Math.max(1, scale) + 2e-4);
    tf.dispose(Object.values(grads!));
    model.dispose();
    dispose();
  });
});

describe('AMP step semantics', () => {
  it('λ\' = clip(λ + ε·g, 0, 1); without clipping it may leave [0, 1]', async () => {
    const { rng, x, labels, dispose } = setup(5);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, activation: 'tanh', seed: 1 });
    const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
    for (const clip of [true, false]) {
      const { grads, details } = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 50, clip }), training: false, details: true });
      const expected = Array.from(plan.lambda, (l, i) => l + 50 * details!.lambdaGrad[i]);
      const want = clip ? expected.map((v) => Math.min(1, Math.max(0, v))) : expected;
      expect(maxAbsDiff(details!.lambdaPrime, want)).toBeLessThan(1e-5);
      if (clip) expect(details!.lambdaPrime.every((l) => l >= 0 && l <= 1)).toBe(true);
      else expect(details!.lambdaPrime.some((l) => l < 0 || l > 1)).toBe(true);
      tf.dispose(Object.values(grads!));
    }
    model.dispose();
    dispose();
  });

  it('the loss is mean_i max(ℓ_i, ℓ\'_i) with equality keeping ℓ; ε = 0 is plain Mixup', async () => {
    const { rng, x, labels, dispose } = setup(6);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 2 });
    const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
    const amp = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0.5 }), training: false, details: true });
    const d = amp.details!;
    const chosen = Array.from(d.lossBefore, (l, i) => (d.lossAfter[i] > l ? d.lossAfter[i] : l));
    expect(amp.stats.loss).toBeCloseTo(chosen.reduce((s, v) => s + v, 0) / 6, 5);
    expect(Array.from(d.mask)).toEqual(Array.from(d.lossBefore, (l, i) => (d.lossAfter[i] > l ? 1 : 0)));
    const zero = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0 }), training: false, details: true });
    const plain = await mixStep({ model, inputs: x, labels, plan, training: false });
    expect(Array.from(zero.details!.mask)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(zero.stats.loss).toBeCloseTo(plain.stats.loss, 6);
    for (const k of Object.keys(plain.grads!)) expect(maxAbsDiff(zero.grads![k].dataSync(), plain.grads![k].dataSync())).toBeLessThan(1e-6);
    for (const r of [amp, zero, plain]) tf.dispose(Object.values(r.grads!));
    model.dispose();
    dispose();
  });

  it('tells the model whether the mixer is linear, in every pass', async () => {
    const { rng, x, labels, dispose } = setup(9);
    const mlp = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 3 });
    const seen: (boolean | undefined)[] = [];
    const model: MixableModel<tf.Tensor> = { ...mlp, forward: (inp, o) => (seen.push(o?.linear), mlp.forward(inp, o)) };
    const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
    for (const mixer of [undefined, { name: 'opaque', mix: (h: tf.Tensor, c: { partners: tf.Tensor1D; lambda: tf.Tensor1D }) => linearMix(h, c.partners, c.lambda) }]) {
      const r = await mixStep({ model, inputs: x, labels, plan, mixer, amp: resolveAmpOptions(), training: false });
      tf.dispose(Object.values(r.grads!));
    }
    const plain = await mixStep({ model, inputs: x, labels, training: false });
    tf.dispose(Object.values(plain.grads!));
    expect(seen).toEqual([true, true, true, false, false, false, undefined]);
    mlp.dispose();
    dispose();
  });

  it('without a plan it trains on the plain cross-entropy', async () => {
    const { x, labels, dispose } = setup(7);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 3 });
    const r = await mixStep({ model, inputs: x, labels, training: false });
    const direct = tf.tidy(() => tf.mean(perExampleLoss('softmax-ce', model.forward(x), toTargets(labels, 3))).dataSync()[0]);
    expect(r.stats.loss).toBeCloseTo(direct, 6);
    expect(r.stats).toMatchObject({ maskRate: 0, meanAbsDeltaLambda: 0, meanLambda: 1, skipped: false });
    tf.dispose(Object.values(r.grads!));
    model.dispose();
    dispose();
  });

  it('a batch of one (its own partner) works: zero λ-gradient, no NaN', async () => {
    const { x, labels, dispose } = setup(8, 1);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 4 });
    const plan = betaPolicy().plan({ batchSize: 1, rng: new Rng(1), sites: model.sites });
    const ampState = createAmpState();
    const r = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ reweight: { window: 5 } }), ampState, seed: 1, details: true });
    expect(r.details!.lambdaGrad[0]).toBe(0);
    expect(r.details!.mask[0]).toBe(0);
    expect(r.details!.weight[0]).toBe(1);
    expect(Number.isFinite(r.stats.loss) && Number.isFinite(r.stats.gradNorm)).toBe(true);
    expect(r.stats.skipped).toBe(false);
    tf.dispose(Object.values(r.grads!));
    model.dispose();
    dispose();
  });

  it('a non-finite loss skips the step and returns no gradients', async () => {
    const { x, labels, dispose } = setup(9);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 5 });
    tf.tidy(() => model.weights.W1.assign(tf.fill([4, 8], Number.NaN)));
    const plan = betaPolicy().plan({ batchSize: 6, rng: new Rng(2), sites: model.sites });
    const r = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions(), rng: new Rng(4) });
    expect(r.stats.skipped).toBe(true);
    expect(r.grads).toBeNull();
    model.dispose();
    dispose();
  });

  it('same dropout seed, same step; dropout is shared by both passes', async () => {
    const { x, labels, dispose } = setup(10);
    const model = createMlp({ inputSize: 4, hiddenSizes: [16], numClasses: 3, dropout: 0.5, seed: 6 });
    const plan = betaPolicy().plan({ batchSize: 6, rng: new Rng(3), sites: ['hidden1'] });
    const run = () => mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0 }), seed: 123, details: true });
    const [a, b] = [await run(), await run()];
    expect(a.stats.loss).toBe(b.stats.loss);
    // ε = 0 → λ' = λ; with shared dropout masks ℓ' = ℓ exactly, so no example switches
    expect(Array.from(a.details!.lossAfter)).toEqual(Array.from(a.details!.lossBefore));
    for (const r of [a, b]) tf.dispose(Object.values(r.grads!));
    model.dispose();
    dispose();
  });

  it('leaks no tensors over 10 AMP steps with re-weighting, and keeps the window', async () => {
    const { rng, x, labels, dispose } = setup(11);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 7 });
    const ampState = createAmpState();
    const start = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
      const r = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 1, reweight: { window: 3 } }), ampState, seed: i });
      tf.dispose(Object.values(r.grads!));
    }
    expect(tf.memory().numTensors).toBe(start);
    expect(ampState.reweight.batches.length).toBe(2);
    model.dispose();
    dispose();
  });

  it('rejects inconsistent arguments', async () => {
    const { x, labels, dispose } = setup(12);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3 });
    const plan = betaPolicy().plan({ batchSize: 6, rng: new Rng(1), sites: model.sites });
    const short = tf.tensor1d([0, 1], 'int32');
    await expect(mixStep({ model, inputs: x, labels: short, plan })).rejects.toThrow(/labels hold 2 examples but the inputs hold 6/);
    short.dispose();
    await expect(mixStep({ model, inputs: x, labels, plan: { ...plan, lambda: new Float32Array(6).fill(1.2) } })).rejects.toThrow(/plan.lambda\[0\]: got 1.2/);
    await expect(mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ reweight: { window: 2 } }), seed: 1 })).rejects.toThrow(/ampState/);
    await expect(mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions() })).rejects.toThrow(/seed: got undefined; expected an integer dropout seed \(or an rng\)/);
    model.dispose();
    dispose();
  });
});

describe('AMP options', () => {
  it('defaults to the paper: ε = 0.002, clipping on, no re-weighting', () => {
    expect(resolveAmpOptions()).toEqual({ epsilon: 0.002, clip: true, reweightWindow: null, direction: 'adversarial', gradScale: 'mean', lossDifference: 'auto' });
    // a method's defaults fill what the options leave unset
    expect(resolveAmpOptions({ epsilon: 1 }, { gradScale: 'sum', epsilon: 3 })).toMatchObject({ epsilon: 1, gradScale: 'sum' });
    expect(() => resolveAmpOptions({ gradScale: 'max' as 'sum' })).toThrow(/gradScale: got "max"; expected one of "mean", "sum"/);
    expect(() => resolveAmpOptions({ lossDifference: 'exact' as 'auto' })).toThrow(/lossDifference: got "exact"/);
  });
  it('names the option, the value and the range', () => {
    expect(() => resolveAmpOptions({ epsilon: -1 })).toThrow(/epsilon: got -1; expected a finite number ≥ 0/);
    expect(() => resolveAmpOptions({ epsilon: Infinity })).toThrow(/epsilon: got Infinity/);
    expect(() => resolveAmpOptions({ reweight: { window: 1 } })).toThrow(/reweight.window: got 1; expected an integer ≥ 2/);
    expect(() => resolveAmpOptions({ reweight: { window: 2.5 } })).toThrow(OptionError);
    expect(() => resolveAmpOptions({ clip: 'yes' as unknown as boolean })).toThrow(/clip: got "yes"; expected true or false/);
    expect(() => resolveAmpOptions({ epsilion: 1 } as object)).toThrow(/amp option "epsilion"/);
  });
});

describe('re-weighting', () => {
  function reference(d: number[], history: number[]): number[] {
    const pos = [...history, ...d.filter((v) => v > 0)];
    if (pos.length < 2) return d.map(() => 1);
    const mu = pos.reduce((s, v) => s + v, 0) / pos.length;
    const sd = Math.sqrt(pos.reduce((s, v) => s + (v - mu) ** 2, 0) / (pos.length - 1));
    if (sd === 0) return d.map(() => 1);
    return d.map((v) => (v > mu ? 1 + (v - mu) / sd : 1));
  }
  it.each([
    [[0.5, -0.2, 1.5, 0, 2.0], [0.3, 0.9]],
    [[0.1, 0.4, 0.2], []],
    [[-1, 0.3], []], // one positive delta → w = 1
    [[0.2, 0.2], []], // σ = 0 → w = 1
  ])('matches the formula for d = %j, history %j', (d, history) => {
    const got = tf.tidy(() => Array.from(reweight(tf.tensor1d(d), { batches: [history] }).dataSync()));
    const want = reference(d, history);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
  });
});
