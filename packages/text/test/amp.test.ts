import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { linearMix, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { centralDifferences, maxAbsDiff } from '@ampmix/core/testing';
import { createBiLstm, createKimCnn } from '../src/index.js';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import type { TextModel } from '../src/index.js';
import { softCrossEntropy } from './reference.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

const ids = [
  [2, 3, 4, 0, 0, 0],
  [5, 6, 0, 0, 0, 0],
  [7, 8, 9, 10, 11, 3],
  [12, 13, 2, 0, 0, 0],
  [4, 0, 0, 0, 0, 0],
];
const labels = [0, 1, 2, 1, 0];
const base = { vocabSize: 14, numClasses: 3, maxLength: 6, embeddingDim: 4, dropout: 0, seed: 5 };
const backbones: [string, () => TextModel][] = [
  ['Kim CNN', () => createKimCnn({ ...base, filterSizes: [2, 3], numFilters: 3 })],
  ['BiLSTM', () => createBiLstm({ ...base, hiddenSize: 3 })],
];
const methods = [
  ['WordMixup', wordMixup],
  ['SenMixup', senMixup],
] as const;

/**
 * The batch-mean loss with λ in the example mix only, targets fixed at the plan's λ (AMP's Max step),
 * computed in float64 from the model's logits, independent of core's losses.
 */
function meanLoss(model: TextModel, site: string, partners: Int32Array, planLambda: Float32Array, lambda: ArrayLike<number>): number {
  const logits = tf.tidy(() => {
    const p = tf.tensor1d(partners, 'int32');
    const l = tf.tensor1d(Float32Array.from(lambda));
    return model.forward(tf.tensor2d(ids, undefined, 'int32'), { site, partners: p, mix: (h) => linearMix(h, p, l) }).arraySync();
  });
  let sum = 0;
  logits.forEach((z, i) => {
    const y = [0, 0, 0];
    y[labels[i]] += planLambda[i];
    y[labels[partners[i]]] += 1 - planLambda[i];
    sum += softCrossEntropy(z, y);
  });
  return sum / ids.length;
}

describe.each(backbones)('AMP through the core engine with the %s backbone', (_, create) => {
  describe.each(methods)('%s', (methodName, factory) => {
    it('mixStep: λ-gradient matches finite differences, λ\u2032 = clip(λ + ε·g), loss = mean max(ℓ, ℓ\u2032), gradients for every weight', async () => {
      const model = create();
      const method = factory();
      const plan = method.policy.plan({ batchSize: ids.length, rng: new Rng(3), sites: model.sites });
      const x = tf.tensor2d(ids, undefined, 'int32');
      const y = tf.tensor1d(labels, 'int32');
      const epsilon = 0.5; // large enough to move λ visibly
      const { grads, stats, details } = await mixStep({
        model, inputs: x, labels: y, plan, mixer: method.mixer, amp: resolveAmpOptions({ epsilon }), training: false, details: true,
      });
      tf.dispose([x, y]);
      const d = details!;
      expect(stats.skipped).toBe(false);

      // ℓ at λ, computed independently
      const before = meanLoss(model, plan.site, plan.partners, plan.lambda, plan.lambda);
      expect(Math.abs(stats.lossBefore - before)).toBeLessThan(1e-4);
      // Max step: g = ∂ mean ℓ / ∂λ, against central differences of the independent loss
      const numeric = centralDifferences((l) => meanLoss(model, plan.site, plan.partners, plan.lambda, l), plan.lambda, 1e-3);
      const scale = Math.max(1e-3, ...Array.from(numeric, Math.abs));
      expect(maxAbsDiff(d.lambdaGrad, numeric)).toBeLessThan(2e-2 * scale);
      expect(Array.from(numeric).some((v) => Math.abs(v) > 1e-4)).toBe(true);
      // λ' and the Min step
      const lp = Array.from(plan.lambda, (l, i) => Math.min(1, Math.max(0, l + epsilon * d.lambdaGrad[i])));
      expect(maxAbsDiff(d.lambdaPrime, lp)).toBeLessThan(1e-6);
      const after = meanLoss(model, plan.site, plan.partners, plan.lambda, d.lambdaPrime);
      expect(Math.abs(stats.lossAfter - after)).toBeLessThan(1e-4);
      const mixed = Array.from(d.lossBefore, (b, i) => Math.max(b, d.lossAfter[i]));
      expect(Math.abs(stats.loss - mixed.reduce((a, b) => a + b, 0) / mixed.length)).toBeLessThan(1e-5);

      expect(Object.keys(grads!).sort()).toEqual(Object.keys(model.weights).sort());
      for (const [name, g] of Object.entries(grads!)) {
        expect(g.shape).toEqual(model.weights[name].shape);
        expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      }
      expect(Array.from(grads!.embedding.dataSync()).some((v) => v !== 0)).toBe(true);
      for (const g of Object.values(grads!)) g.dispose();
      model.dispose();
    });
  });
});
