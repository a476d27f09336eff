import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeaks, maxRelDiff } from './helpers.js';
import { createStepCache, linearMix } from '@ampmix/core';
import { FAST_PATH_IDS, fastPathBiLstm, fastPathModel, fastPathPlans, handPath, stepPath } from './fast-path-cases.js';

expectNoTensorLeaks();

const B = FAST_PATH_IDS.length;
const lambda = [0.3, 0.8, 0.55, 1, 0, 0.45];

describe('Kim CNN: a linear word mix after the convolution equals the mix of the word vectors (cpu)', () => {
  it.each([
    ['a permutation with fixed points', [3, 1, 4, 0, 2, 5]],
    ['pairs and a 3-cycle', [1, 0, 3, 4, 2, 5]],
    ['the identity', [0, 1, 2, 3, 4, 5]],
  ])('%s: same logits, λ-gradient and weight gradients', (_, partners) => {
    const m = fastPathModel();
    for (const training of [false, true]) {
      const fast = handPath(m, partners, lambda, true, training);
      const ref = handPath(m, partners, lambda, false, training);
      // linear: mixed per width at the conv outputs [B, L + 2·2 − h + 1, F]; otherwise at the words [B, L, D]
      expect(fast.mixedShapes).toEqual([[B, 10, 4], [B, 9, 4], [B, 8, 4]]);
      expect(ref.mixedShapes).toEqual([[B, 6, 5]]);
      expect(maxRelDiff(ref.logits, fast.logits)).toBeLessThan(1e-5);
      expect(maxRelDiff(ref.lambdaGrad, fast.lambdaGrad)).toBeLessThan(1e-5);
      expect(Object.keys(fast.grads).sort()).toEqual(Object.keys(ref.grads).sort());
      for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
      if (partners.some((p, i) => p !== i)) expect(Array.from(ref.lambdaGrad).some((g) => Math.abs(g) > 1e-3)).toBe(true);
    }
    m.dispose();
  });

  it('mixStep with WordMixup + AMP: the same stats, λ-gradient, λ\u2032, mask and gradients as a non-linear copy of its mixer', async () => {
    const m = fastPathModel();
    for (const plan of fastPathPlans(m)) {
      const fast = await stepPath(m, plan, true);
      const ref = await stepPath(m, plan, false);
      expect(fast.mixedShapes.every((s) => s[1] !== 6)).toBe(true); // never at the words
      expect(ref.mixedShapes.every((s) => s[1] === 6 && s[2] === 5)).toBe(true);
      expect(fast.stats.skipped).toBe(false);
      for (const k of ['loss', 'lossBefore', 'lossAfter', 'meanAbsDeltaLambda', 'gradNorm'] as const) {
        expect(maxRelDiff([ref.stats[k]], [fast.stats[k]]), k).toBeLessThan(1e-5);
      }
      expect(fast.stats.maskRate).toBe(ref.stats.maskRate);
      expect(Array.from(fast.details.mask)).toEqual(Array.from(ref.details.mask));
      for (const k of ['lossBefore', 'lambdaGrad', 'lambdaPrime', 'lossAfter'] as const) {
        expect(maxRelDiff(ref.details[k], fast.details[k]), k).toBeLessThan(1e-5);
      }
      expect(Array.from(ref.details.lambdaGrad).some((g) => Math.abs(g) > 1e-3)).toBe(true);
      for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
    }
    m.dispose();
  });

  it('a mix at `word` without `linear` (or at `sentence`) is applied where it was before', () => {
    const m = fastPathModel();
    tf.tidy(() => {
      const x = tf.tensor2d(FAST_PATH_IDS, undefined, 'int32');
      const seen: string[] = [];
      m.forward(x, { site: 'word', mix: (h) => (seen.push(`word ${h.shape}`), h) });
      m.forward(x, { site: 'sentence', linear: true, mix: (h) => (seen.push(`sentence ${h.shape}`), h) });
      expect(seen).toEqual([`word ${[B, 6, 5]}`, `sentence ${[B, 12]}`]);
    });
    m.dispose();
  });
});

describe('the step cache (AMP\u2019s λ-gradient and Min passes share the unmixed prefix)', () => {
  it.each([
    ['Kim CNN', fastPathModel, 3],
    ['BiLSTM', fastPathBiLstm, 1],
  ])('%s stores its unmixed conv outputs / projections once and reuses them at another λ', (_, make, entries) => {
    const m = make();
    const cache = createStepCache();
    tf.tidy(() => {
      const x = tf.tensor2d(FAST_PATH_IDS, undefined, 'int32');
      const p = tf.tensor1d([3, 1, 4, 0, 2, 5], 'int32');
      const at = (l: number[], stepCache?: typeof cache) =>
        m.forward(x, { site: 'word', linear: true, partners: p, stepCache, mix: (h) => linearMix(h, p, tf.tensor1d(l)) }).dataSync();
      const l1 = [0.3, 0.8, 0.55, 1, 0, 0.45];
      const l2 = [0.6, 0.1, 0.5, 0.2, 0.9, 1];
      expect(maxRelDiff(at(l1), at(l1, cache))).toBeLessThan(1e-6);
      expect(cache.size).toBe(entries);
      expect(maxRelDiff(at(l2), at(l2, cache))).toBeLessThan(1e-6); // served from the cache
      expect(cache.size).toBe(entries);
      // without `linear` nothing is cached (the mix is at the words)
      m.forward(x, { site: 'word', partners: p, stepCache: cache, mix: (h) => h });
      expect(cache.size).toBe(entries);
    });
    cache.dispose();
    m.dispose();
  });
});
