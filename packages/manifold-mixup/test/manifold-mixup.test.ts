import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMlp, mixStep, OptionError, resolveAmpOptions, Rng } from '@ampmix/core';
import type { ForwardOptions, MixableModel, PlanContext } from '@ampmix/core';
import { betaCdf, centralDifferences, ksTest, maxAbsDiff, mixerContract, referenceMixedMlpLoss } from '@ampmix/core/testing';
import type { ReferenceMlpParams } from '@ampmix/core/testing';
import { manifoldMixup } from '../src/index.js';

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const SITES = ['input', 'hidden1', 'hidden2'];
const ctx = (batchSize: number, rng: Rng, sites: string[] = SITES): PlanContext => ({ batchSize, rng, sites });

describe('manifoldMixup: the mixer contract', () => {
  const method = manifoldMixup();
  const cases = mixerContract({
    name: 'manifold-mixup',
    policy: method.policy,
    mixer: method.mixer,
    sites: SITES,
    sample: (rng) => tf.tensor2d(Float32Array.from({ length: 4 * 6 }, () => rng.normal()), [4, 6]),
  });
  for (const c of cases) it(c.name, c.run);

  it('the mixer leaks nothing in any pass, nor through its λ-gradient (strict count)', () => {
    const h = tf.tensor3d([[[1], [2]], [[3], [4]], [[5], [6]]]);
    const lambda = tf.tensor1d([0.2, 0.5, 0.9]);
    const partners = tf.tensor1d([1, 2, 0], 'int32');
    const plan = { lambda: Float32Array.from([0.2, 0.5, 0.9]), partners: Int32Array.from([1, 2, 0]), site: 'hidden1' };
    const before = tf.memory().numTensors;
    for (const pass of ['plan', 'gradient', 'perturbed'] as const) method.mixer.mix(h, { plan, lambda, partners, pass }).dispose();
    tf.grad((l: tf.Tensor) => method.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }).sum())(lambda).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([h, lambda, partners]);
  });
});

describe('manifoldMixup: options', () => {
  it.each([
    [{ alpha: 0 }, /Invalid alpha: got 0; expected a finite number > 0/],
    [{ granularity: 'layer' }, /Invalid granularity: got "layer"; expected one of "example", "batch"/],
    [{ sites: [] }, /Invalid sites: got \[\]; expected a non-empty array of site names/],
    [{ sites: 'hidden1' }, /Invalid sites: got "hidden1"; expected a non-empty array/],
    [{ sites: ['hidden1', ''] }, /Invalid sites\[1\]: got ""; expected a non-empty site name/],
    [{ sites: ['hidden1', 'hidden1'] }, /Invalid sites\[1\]: got "hidden1"; expected a site not listed earlier/],
    [{ layers: [1] }, /manifoldMixup option "layers"/],
  ])('rejects %o with a message naming option, value and range', (options, message) => {
    expect(() => manifoldMixup(options as never)).toThrow(OptionError);
    expect(() => manifoldMixup(options as never)).toThrow(message);
  });

  it('an allowed site the model does not offer is an error naming it and the model sites', () => {
    const method = manifoldMixup({ sites: ['hidden1', 'hidden7'] });
    expect(() => method.policy.plan(ctx(4, new Rng(1)))).toThrow(
      /Invalid sites\[1\]: got "hidden7"; expected one of the model's sites: "input", "hidden1", "hidden2"/,
    );
  });

  it('draws λ from Beta(α, α) (Kolmogorov–Smirnov, α = 0.5)', () => {
    const plan = manifoldMixup({ alpha: 0.5 }).policy.plan(ctx(3000, new Rng(5)));
    expect(ksTest(plan.lambda, (x) => betaCdf(x, 0.5, 0.5)).pValue).toBeGreaterThan(0.001);
    expect(ksTest(plan.lambda, (x) => x).pValue).toBeLessThan(1e-6);
  });

  it('batch granularity shares one λ; partners form a permutation', () => {
    const plan = manifoldMixup({ granularity: 'batch' }).policy.plan(ctx(7, new Rng(2)));
    expect(new Set(plan.lambda).size).toBe(1);
    expect([...plan.partners].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('manifoldMixup: site draws', () => {
  const chiSquare = (counts: number[], n: number) => counts.reduce((s, c) => s + (c - n / counts.length) ** 2 / (n / counts.length), 0);
  const count = (sites: string[] | undefined, modelSites: string[], n: number, seed: number) => {
    const policy = manifoldMixup(sites ? { sites } : {}).policy;
    const rng = new Rng(seed);
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const { site } = policy.plan(ctx(2, rng, modelSites));
      counts.set(site, (counts.get(site) ?? 0) + 1);
    }
    return counts;
  };

  it('are uniform over all the model sites by default (χ² with 2 dof < 13.8, p = 0.001)', () => {
    const n = 3000;
    const counts = count(undefined, SITES, n, 123);
    expect([...counts.keys()].sort()).toEqual([...SITES].sort());
    expect(chiSquare(SITES.map((s) => counts.get(s)!), n)).toBeLessThan(13.8);
  });

  it('are uniform over an allowed subset and never leave it (χ² with 1 dof < 10.8)', () => {
    const n = 2000;
    const counts = count(['hidden2', 'input'], [...SITES, 'hidden3'], n, 7);
    expect([...counts.keys()].sort()).toEqual(['hidden2', 'input']);
    expect(chiSquare([counts.get('input')!, counts.get('hidden2')!], n)).toBeLessThan(10.8);
  });

  it('a lopsided sampler would fail the bound (the check has power)', () => {
    expect(chiSquare([1100, 1000, 900], 3000)).toBeGreaterThan(13.8);
  });

  it('are reproducible from the seed and independent of the order of the sites option', () => {
    const a = manifoldMixup({ sites: ['input', 'hidden2'] }).policy;
    const b = manifoldMixup({ sites: ['hidden2', 'input'] }).policy;
    const [ra, rb] = [new Rng(9), new Rng(9)];
    for (let i = 0; i < 20; i++) {
      const [pa, pb] = [a.plan(ctx(3, ra)), b.plan(ctx(3, rb))];
      expect(pb.site).toBe(pa.site);
      expect([...pb.lambda]).toEqual([...pa.lambda]);
    }
  });
});

/** Wraps a model and records, for each forward call, the site asked for and the width of the tensor actually mixed. */
function spyModel(inner: MixableModel<tf.Tensor>) {
  const calls: { site: string | undefined; mixedWidth: number | null }[] = [];
  const model: MixableModel<tf.Tensor> = {
    ...inner,
    forward(x: tf.Tensor, opts?: ForwardOptions) {
      const call = { site: opts?.site, mixedWidth: null as number | null };
      calls.push(call);
      const mix = opts?.mix;
      // linear: false keeps the mix at the site itself (a linear input mix may otherwise be applied to x·W1)
      return inner.forward(x, mix ? { ...opts, linear: false, mix: (h) => ((call.mixedWidth = h.shape[1]!), mix(h)) } : opts);
    },
  };
  return { model, calls };
}

describe('manifoldMixup + AMP through mixStep', () => {
  it('both AMP passes (and the Max pass) mix at the same, planned site', async () => {
    const widths: Record<string, number> = { input: 5, hidden1: 4, hidden2: 3 };
    const inner = createMlp({ inputSize: 5, hiddenSizes: [4, 3], numClasses: 2, seed: 3 });
    const { model, calls } = spyModel(inner);
    const method = manifoldMixup();
    const rng = new Rng(21);
    const xs = tf.tensor2d(Float32Array.from({ length: 6 * 5 }, () => rng.normal()), [6, 5]);
    const ys = tf.tensor1d([0, 1, 0, 1, 1, 0], 'int32');
    const seen = new Set<string>();
    for (let step = 0; step < 12; step++) {
      calls.length = 0;
      const plan = method.policy.plan({ batchSize: 6, rng, sites: model.sites });
      seen.add(plan.site);
      const { grads } = await mixStep({ model, inputs: xs, labels: ys, plan, mixer: method.mixer, amp: resolveAmpOptions({ epsilon: 0.1 }), seed: step });
      tf.dispose(Object.values(grads!));
      expect(calls.length).toBeGreaterThanOrEqual(2); // Max pass, Min pass(es): however many, all at one site
      for (const c of calls) expect(c).toEqual({ site: plan.site, mixedWidth: widths[plan.site] });
    }
    expect(seen.size).toBe(3);
    tf.dispose([xs, ys]);
    inner.dispose();
  });

  it('λ-gradient at a hidden site equals central finite differences of the mean loss (float64 reference)', async () => {
    const [B, D, H, C] = [5, 3, 4, 3];
    const rng = new Rng(8);
    const rand = (n: number, m: number, s = 1) => Array.from({ length: n }, () => Array.from({ length: m }, () => s * rng.normal()));
    const params: ReferenceMlpParams = { W1: rand(D, H), b1: rand(1, H, 0.2)[0], W2: rand(H, C), b2: rand(1, C, 0.2)[0] };
    const x = rand(B, D);
    const labels = [2, 0, 1, 1, 0];
    const model = createMlp({ inputSize: D, hiddenSizes: [H], numClasses: C, activation: 'tanh', initialWeights: { ...params } });
    const plan = manifoldMixup({ sites: ['hidden1'] }).policy.plan({ batchSize: B, rng: new Rng(4), sites: model.sites });
    expect(plan.site).toBe('hidden1');
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(labels, 'int32');
    const { grads, stats, details } = await mixStep({
      model, inputs: xs, labels: ys, plan, mixer: manifoldMixup().mixer, amp: resolveAmpOptions({ epsilon: 0.3 }), training: false, details: true,
    });
    const lam = Array.from(plan.lambda);
    const partners = Array.from(plan.partners);
    const numeric = centralDifferences((l) => referenceMixedMlpLoss(params, x, labels, partners, l, lam, C, 'hidden1'), lam, 1e-4);
    expect(Math.max(...Array.from(numeric, Math.abs))).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(details!.lambdaGrad, numeric)).toBeLessThan(2e-5);
    const prime = lam.map((l, i) => Math.min(1, Math.max(0, l + 0.3 * numeric[i])));
    expect(maxAbsDiff(details!.lambdaPrime, prime)).toBeLessThan(1e-5);
    expect(stats.lossBefore).toBeCloseTo(referenceMixedMlpLoss(params, x, labels, partners, lam, lam, C, 'hidden1'), 5);
    expect(stats.lossAfter).toBeCloseTo(referenceMixedMlpLoss(params, x, labels, partners, prime, lam, C, 'hidden1'), 5);
    // hidden-site mixing differs from input mixing: the reference itself distinguishes them
    expect(Math.abs(referenceMixedMlpLoss(params, x, labels, partners, lam, lam, C, 'input') - stats.lossBefore)).toBeGreaterThan(1e-4);
    tf.dispose([...Object.values(grads!), xs, ys]);
    model.dispose();
  });
});
