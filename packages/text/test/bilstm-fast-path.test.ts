import { describe, expect, it } from 'vitest';
import { expectNoTensorLeaks, maxRelDiff } from './helpers.js';
import { FAST_PATH_IDS, fastPathBiLstm, fastPathPlans, handPath, stepPath } from './fast-path-cases.js';

expectNoTensorLeaks();

const B = FAST_PATH_IDS.length;
const lambda = [0.3, 0.8, 0.55, 1, 0, 0.45];

describe('BiLSTM: a linear word mix of the input projections equals the mix of the word vectors (cpu)', () => {
  it.each([
    ['a permutation with fixed points', [3, 1, 4, 0, 2, 5]],
    ['pairs and a 3-cycle', [1, 0, 3, 4, 2, 5]],
  ])('%s: same logits, λ-gradient and weight gradients (dropout off and on)', (_, partners) => {
    const m = fastPathBiLstm();
    for (const training of [false, true]) {
      const fast = handPath(m, partners, lambda, true, training);
      const ref = handPath(m, partners, lambda, false, training);
      expect(fast.mixedShapes).toEqual([[B, 6, 8 * 3]]); // x·[Wx_fw | Wx_bw]: 2 directions × 4 gates × 3 units
      expect(ref.mixedShapes).toEqual([[B, 6, 5]]);
      expect(maxRelDiff(ref.logits, fast.logits)).toBeLessThan(1e-5);
      expect(maxRelDiff(ref.lambdaGrad, fast.lambdaGrad)).toBeLessThan(1e-5);
      expect(Array.from(ref.lambdaGrad).some((g) => Math.abs(g) > 1e-4)).toBe(true);
      expect(Object.keys(fast.grads).sort()).toEqual(Object.keys(ref.grads).sort());
      for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
    }
    m.dispose();
  });

  it('mixStep with WordMixup + AMP: the same stats, mask and gradients as a non-linear copy of its mixer', async () => {
    const m = fastPathBiLstm();
    for (const plan of fastPathPlans(m)) {
      const fast = await stepPath(m, plan, true);
      const ref = await stepPath(m, plan, false);
      expect(fast.mixedShapes.every((s) => s[2] === 24)).toBe(true);
      expect(ref.mixedShapes.every((s) => s[2] === 5)).toBe(true);
      for (const k of ['loss', 'lossBefore', 'lossAfter', 'meanAbsDeltaLambda', 'gradNorm'] as const) {
        expect(maxRelDiff([ref.stats[k]], [fast.stats[k]]), k).toBeLessThan(1e-5);
      }
      expect(Array.from(fast.details.mask)).toEqual(Array.from(ref.details.mask));
      for (const k of ['lambdaGrad', 'lambdaPrime'] as const) expect(maxRelDiff(ref.details[k], fast.details[k]), k).toBeLessThan(1e-5);
      for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
    }
    m.dispose();
  });
});
