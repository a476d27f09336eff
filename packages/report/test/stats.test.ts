import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addToHistogram, emptyHistogram, evenlySpacedIndices, movingAverage } from '../src/stats.js';

describe('movingAverage', () => {
  it('matches known values', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(movingAverage([1, NaN, 3, 5], 3)).toEqual([1, 1, 2, 4]);
    expect(movingAverage([NaN, NaN], 1)).toEqual([NaN, NaN]);
  });
  it('equals the naive trailing mean (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (xs, w) => {
        const got = movingAverage(xs, w);
        xs.forEach((_, i) => {
          const win = xs.slice(Math.max(0, i - w + 1), i + 1);
          expect(got[i]).toBeCloseTo(win.reduce((a, b) => a + b, 0) / win.length, 6);
        });
      }),
    );
  });
  it('rejects a bad window', () => {
    expect(() => movingAverage([1], 0)).toThrow(/window/);
  });
});

describe('evenlySpacedIndices', () => {
  it('keeps all short lists and thins long ones keeping both ends', () => {
    expect(evenlySpacedIndices(3, 5)).toEqual([0, 1, 2]);
    expect(evenlySpacedIndices(11, 3)).toEqual([0, 5, 10]);
    expect(evenlySpacedIndices(10, 4)).toEqual([0, 3, 6, 9]);
    const big = evenlySpacedIndices(1000, 400);
    expect(big.length).toBeLessThanOrEqual(400);
    expect(big[0]).toBe(0);
    expect(big.at(-1)).toBe(999);
    for (let i = 1; i < big.length; i++) expect(big[i]).toBeGreaterThan(big[i - 1]);
  });
});

describe('histogram', () => {
  it('counts into fixed bins with under/overflow', () => {
    const h = addToHistogram(emptyHistogram(4, 0, 1), [0, 0.1, 0.25, 0.5, 0.74, 0.99, 1, -0.2, 1.3, NaN]);
    expect(h.counts).toEqual([2, 1, 2, 2]);
    expect(h.below).toBe(1);
    expect(h.above).toBe(1);
  });
  it('rejects bad shapes', () => {
    expect(() => emptyHistogram(0, 0, 1)).toThrow(/bins/);
    expect(() => emptyHistogram(3, 1, 1)).toThrow(/hi > lo/);
  });
});
