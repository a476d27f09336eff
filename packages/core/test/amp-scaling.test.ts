import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mixer } from '../src/index.js';
import { createMlp, mixStep, resolveAmpOptions } from '../src/index.js';
import { centralDifferences, parseGoldenJson, referenceMixedMlpLoss } from '../src/testing/index.js';

// the golden file's float64 model and batch; the reference loss below is plain float64 JS, independent of tfjs
const g = parseGoldenJson(readFileSync(new URL('./fixtures/amp-step-golden.json', import.meta.url), 'utf8'));
const B = g.x.length;
const C = g.params.W2[0].length;
/** The plan's λ as the engine holds it (float32), so the float64 reference mixes at exactly the same λ. */
const L = Array.from(Float32Array.from(g.lambda));
/** Float64 mean loss when example i is mixed at lambda[i] (targets at the plan's λ). */
const meanLoss = (lambda: ArrayLike<number>) => referenceMixedMlpLoss(g.params, g.x, g.labels, g.perm, lambda, L, C, 'input');
/** Float64 ℓ_i(λ'_i) − ℓ_i(λ_i), every other example at its plan λ. */
const exactDelta = (lambdaPrime: ArrayLike<number>) =>
  L.map((_, i) => B * (meanLoss(L.map((v, k) => (k === i ? lambdaPrime[i] : v))) - meanLoss(L)));

let before = 0;
let model: ReturnType<typeof createMlp>;
let x: tf.Tensor2D;
let labels: tf.Tensor1D;
beforeEach(() => {
  before = tf.memory().numTensors;
  model = createMlp({ inputSize: g.x[0].length, hiddenSizes: [g.params.W1[0].length], numClasses: C, activation: 'tanh', initialWeights: g.params });
  x = tf.tensor2d(g.x);
  labels = tf.tensor1d(g.labels, 'int32');
});
afterEach(() => {
  model.dispose();
  tf.dispose([x, labels]);
  expect(tf.memory().numTensors).toBe(before);
});
const plan = () => ({ lambda: Float32Array.from(g.lambda), partners: Int32Array.from(g.perm), site: 'input' });
async function step(amp: Parameters<typeof resolveAmpOptions>[0], mixer?: Mixer) {
  const r = await mixStep({ model, inputs: x, labels, plan: plan(), amp: resolveAmpOptions(amp), mixer, training: false, details: true });
  if (r.grads) tf.dispose(Object.values(r.grads));
  return r.details!;
}

describe('AMP gradScale, in λ units', () => {
  it("'mean' steps by ε·∂(mean ℓ)/∂λ_i = ε/B·∂ℓ_i/∂λ_i; 'sum' by ε·∂ℓ_i/∂λ_i (float64 finite differences)", async () => {
    const epsilon = 0.5;
    const slope = Array.from(centralDifferences(meanLoss, L, 1e-5), (v) => v * B); // ∂ℓ_i/∂λ_i
    expect(Math.max(...slope.map(Math.abs))).toBeGreaterThan(1e-2);
    const mean = await step({ epsilon, clip: false, gradScale: 'mean' });
    const sum = await step({ epsilon, clip: false, gradScale: 'sum' });
    slope.forEach((s, i) => {
      expect(mean.lambdaGrad[i]).toBeCloseTo(s / B, 5);
      expect(sum.lambdaGrad[i]).toBeCloseTo(s, 4);
      expect(mean.lambdaPrime[i] - L[i]).toBeCloseTo((epsilon / B) * s, 5);
      expect(sum.lambdaPrime[i] - L[i]).toBeCloseTo(epsilon * s, 4);
    });
  });
});

describe('AMP lossDifference', () => {
  it("'subtraction' is ℓ' − ℓ as computed; 'first-order' is (λ' − λ)·∂ℓ_i/∂λ_i for either gradScale", async () => {
    const sub = await step({ epsilon: 0.002, lossDifference: 'subtraction' });
    sub.lossDelta.forEach((d, i) => expect(d).toBe(Math.fround(sub.lossAfter[i] - sub.lossBefore[i])));
    for (const gradScale of ['mean', 'sum'] as const) {
      const fo = await step({ epsilon: 0.002, lossDifference: 'first-order', gradScale });
      const scale = gradScale === 'mean' ? B : 1;
      fo.lossDelta.forEach((d, i) => {
        const want = (fo.lambdaPrime[i] - L[i]) * scale * fo.lambdaGrad[i];
        expect(Math.abs(d - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want));
      });
      expect(Array.from(fo.mask)).toEqual(Array.from(fo.lossDelta, (d) => (d > 0 ? 1 : 0)));
    }
  });

  it("at ε = 0.002 'first-order' and 'auto' give the float64 ℓ' − ℓ to O(Δλ²), and its mask", async () => {
    const fo = await step({ epsilon: 0.002, lossDifference: 'first-order' });
    const auto = await step({ epsilon: 0.002 });
    const exact = exactDelta(fo.lambdaPrime);
    expect(Math.max(...exact.map(Math.abs))).toBeGreaterThan(1e-7);
    exact.forEach((d, i) => {
      expect(Math.abs(fo.lossDelta[i] - d)).toBeLessThan(1e-3 * Math.abs(d) + 1e-12);
      // auto: the first-order term, or the subtraction (then within a few ulps of ℓ)
      const ulp = 2 ** -23 * Math.max(Math.abs(auto.lossBefore[i]), Math.abs(auto.lossAfter[i]));
      expect(Math.abs(auto.lossDelta[i] - d)).toBeLessThan(1e-3 * Math.abs(d) + 4 * ulp);
      expect(auto.mask[i]).toBe(d > 0 ? 1 : 0);
    });
  });

  it("'auto' takes the subtraction where ℓ' − ℓ is well above rounding (ε = 60), and always for a surrogate mixer", async () => {
    const auto = await step({ epsilon: 60, clip: false });
    auto.lossDelta.forEach((d, i) => expect(d).toBe(Math.fround(auto.lossAfter[i] - auto.lossBefore[i])));
    const surrogate: Mixer = { name: 'soft-linear', surrogateGradient: true, mix: (h, c) => tf.add(tf.gather(h, c.partners), tf.mul(c.lambda.reshape([-1, 1]), tf.sub(h, tf.gather(h, c.partners)))) };
    const s = await step({ epsilon: 0.002 }, surrogate);
    s.lossDelta.forEach((d, i) => expect(d).toBe(Math.fround(s.lossAfter[i] - s.lossBefore[i])));
    await expect(step({ lossDifference: 'first-order' }, surrogate)).rejects.toThrow(/lossDifference: got "first-order"; expected "auto" or "subtraction" with the soft-linear mixer/);
  });
});
