import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stratifiedFolds, stratifiedHoldOut, subsampleFraction } from '../src/index.js';

const labelsArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 200 });
const count = (xs: ArrayLike<number>, v: number) => Array.from(xs).filter((x) => x === v).length;

describe('stratifiedFolds', () => {
  it('partitions the data: every example in exactly one fold, folds disjoint and covering', () => {
    fc.assert(
      fc.property(labelsArb, fc.integer({ min: 2, max: 10 }), fc.nat(1000), (labels, k, seed) => {
        const folds = stratifiedFolds(labels, k, seed);
        expect(folds).toHaveLength(labels.length);
        const members = Array.from({ length: k }, (_, f) => Array.from(folds.keys()).filter((i) => folds[i] === f));
        const all = members.flat().sort((a, b) => a - b);
        expect(all).toEqual(labels.map((_, i) => i)); // covers, no duplicates → disjoint
      }),
      { numRuns: 100 },
    );
  });
  it('is stratified: each class splits ⌊n/k⌋ or ⌈n/k⌉ per fold, fold sizes differ by ≤ 1', () => {
    fc.assert(
      fc.property(labelsArb, fc.integer({ min: 2, max: 10 }), fc.nat(1000), (labels, k, seed) => {
        const folds = stratifiedFolds(labels, k, seed);
        for (const c of new Set(labels)) {
          const n = count(labels, c);
          for (let f = 0; f < k; f++) {
            const inFold = labels.filter((l, i) => l === c && folds[i] === f).length;
            expect(inFold === Math.floor(n / k) || inFold === Math.ceil(n / k)).toBe(true);
          }
        }
        const sizes = Array.from({ length: k }, (_, f) => count(folds, f));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
  it('is deterministic in the seed and changes with it', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 3);
    expect(stratifiedFolds(labels, 10, 5)).toEqual(stratifiedFolds(labels, 10, 5));
    expect(stratifiedFolds(labels, 10, 5)).not.toEqual(stratifiedFolds(labels, 10, 6));
  });
  it('hand-computed case: 25 + 5 examples in 10 folds', () => {
    const labels = [...new Array(25).fill(0), ...new Array(5).fill(1)];
    const folds = stratifiedFolds(labels, 10, 0);
    const sizes = Array.from({ length: 10 }, (_, f) => count(folds, f));
    // class 0 deals 25 → folds 0..4 get 3, 5..9 get 2; class 1 continues at fold 5 → folds 5..9 get 1
    expect(sizes).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(() => stratifiedFolds(labels, 1)).toThrow(/Invalid k: got 1; expected an integer ≥ 2/);
  });
});

describe('stratifiedHoldOut', () => {
  it('holds out round(n_c·f) of each class, keeping at least one', () => {
    const labels = [...new Array(20).fill(0), ...new Array(7).fill(1), 2];
    const { kept, held } = stratifiedHoldOut(labels, 0.1, 3);
    expect(count(held.map((i) => labels[i]), 0)).toBe(2);
    expect(count(held.map((i) => labels[i]), 1)).toBe(1); // round(0.7)
    expect(count(held.map((i) => labels[i]), 2)).toBe(0); // a singleton class stays in train
    expect([...kept, ...held].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });
});

describe('subsampleFraction', () => {
  it('keeps max(1, ⌊n_c·f⌋) of each class', () => {
    fc.assert(
      fc.property(labelsArb, fc.double({ min: 0.01, max: 1, noNaN: true }), fc.nat(1000), (labels, f, seed) => {
        const kept = subsampleFraction(labels, f, seed);
        expect(new Set(kept).size).toBe(kept.length);
        for (const c of new Set(labels)) {
          const n = count(labels, c);
          expect(count(kept.map((i) => labels[i]), c)).toBe(Math.max(1, Math.floor(n * f + 1e-9)));
        }
      }),
      { numRuns: 100 },
    );
  });
  it('hand-computed: 100 × 0.29 keeps 29 (no float truncation to 28), 3 × 0.1 keeps 1', () => {
    const labels = [...new Array(100).fill(0), 1, 1, 1];
    const kept = subsampleFraction(labels, 0.29, 0);
    expect(count(kept.map((i) => labels[i]), 0)).toBe(29);
    expect(count(subsampleFraction(labels, 0.1, 0).map((i) => labels[i]), 1)).toBe(1);
  });
  it('rejects a fraction outside (0, 1]', () => {
    expect(() => subsampleFraction([0], 0)).toThrow(/Invalid fraction: got 0; expected a number in \(0, 1\]/);
    expect(() => subsampleFraction([0], 1.5)).toThrow(/Invalid fraction: got 1.5/);
  });
});
