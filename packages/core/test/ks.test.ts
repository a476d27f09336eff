import { describe, expect, it } from 'vitest';
import { betaCdf, kolmogorovSurvival, ksTest } from '../src/testing/index.js';

describe('statistics helpers', () => {
  it('betaCdf matches closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(betaCdf(x, 1, 1)).toBeCloseTo(x, 10);
      expect(betaCdf(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 10);
      expect(betaCdf(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 9);
      expect(betaCdf(x, 1, 3)).toBeCloseTo(1 - (1 - x) ** 3, 10);
    }
    expect(betaCdf(0, 2, 2)).toBe(0);
    expect(betaCdf(1, 2, 2)).toBe(1);
  });

  it('Kolmogorov survival function matches tabulated critical values', () => {
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 3);
  });

  it('ksTest statistic on a hand-computed sample', () => {
    // samples 0.1, 0.5, 0.9 vs U(0,1): D = max(1/3-0.1, 0.1-0, 2/3-0.5, 0.5-1/3, 1-0.9, 0.9-2/3) = 0.2333…
    expect(ksTest([0.9, 0.1, 0.5], (x) => x).statistic).toBeCloseTo(0.7 / 3, 12);
  });
});
