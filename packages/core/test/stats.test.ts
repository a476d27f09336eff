import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  logGamma,
  mean,
  median,
  normalCdf,
  pairedTTest,
  regularizedBeta,
  relativeChange,
  sampleStd,
  signedScoreDistribution,
  studentTCdf,
  studentTTwoSided,
  wilcoxonSignedRank,
} from '../src/stats/index.js';

// Student's sleep data (Cushny & Peebles 1905), the paired differences group 2 − group 1.
// R: t.test(extra ~ group, data = sleep, paired = TRUE) → t = −4.0621, df = 9, p-value = 0.002833.
const SLEEP_D = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
// Darwin's Zea mays data (cross − self, eighths of an inch), the example of scipy.stats.wilcoxon:
// statistic 24, exact two-sided p = 0.041259765625.
const DARWIN_D = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

describe('descriptive statistics', () => {
  it('mean and unbiased std', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(sampleStd([1])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('relative change is negative when the value is lower', () => {
    expect(relativeChange(0.08, 0.1)).toBeCloseTo(-0.2, 14);
    expect(relativeChange(0.1, 0)).toBeNaN();
  });

  it('average ranks give ties the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 5, 20])).toEqual({ ranks: [2, 4, 4, 1, 4], tieSizes: [3] });
  });
});

describe('special functions', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln 100!
    expect(logGamma(0.2)).toBeCloseTo(Math.log(4.590843711998803), 12); // Γ(0.2), reflection branch
    expect(() => logGamma(0)).toThrow(/x > 0/);
  });

  it('regularized incomplete beta matches closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b ; I_x(a, 1) = x^a ; I_x(½, ½) = (2/π) asin √x
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedBeta(0.6, 3, 1)).toBeCloseTo(0.6 ** 3, 14);
    expect(regularizedBeta(0.25, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(0.5), 13);
    expect(regularizedBeta(0.9, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.9)), 13);
  });

  it('Student t CDF matches the closed forms for df = 1, 2, 3, 4', () => {
    for (const t of [-7.5, -2, -0.3, 0, 0.4, 1, 2.5, 12.706204736174698]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
      const u = t / Math.sqrt(3);
      expect(studentTCdf(t, 3)).toBeCloseTo(0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI, 13);
      const x = t / Math.sqrt(t * t + 4);
      expect(studentTCdf(t, 4)).toBeCloseTo(0.5 + 0.75 * x * (1 - (x * x) / 3), 13);
    }
  });

  it('Student t CDF matches the t-table quantiles', () => {
    expect(studentTCdf(12.706204736174698, 1)).toBeCloseTo(0.975, 12);
    expect(studentTCdf(4.302652729749464, 2)).toBeCloseTo(0.975, 12);
    expect(studentTCdf(2.015048372669157, 5)).toBeCloseTo(0.95, 10);
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 10);
    expect(studentTCdf(-2.262157162740992, 9)).toBeCloseTo(0.025, 10);
    // the 3-decimal table entries land within the table's rounding
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSided(3.250, 9)).toBeCloseTo(0.01, 4);
    expect(studentTTwoSided(63.657, 1)).toBeCloseTo(0.01, 5);
  });

  it('large df approaches the normal', () => {
    expect(studentTCdf(1.959963984540054, 1e7)).toBeCloseTo(0.975, 6);
  });

  it('normal CDF matches reference values in both tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-3) / 0.0013498980316301035).toBeCloseTo(1, 12);
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 9);
  });
});

describe('paired t-test', () => {
  it('reproduces R on the sleep data', () => {
    const r = pairedTTest(SLEEP_D);
    expect(r.n).toBe(10);
    expect(r.df).toBe(9);
    expect(r.meanDiff).toBeCloseTo(1.58, 12);
    expect(r.t).toBeCloseTo(4.0621, 4);
    expect(r.p).toBeCloseTo(0.002833, 6);
  });

  it('pairs two samples by index and hand-computed small case', () => {
    // d = [1, 2, 3]: mean 2, sd 1, t = 2/(1/√3) = 2√3, df 2; two-sided p = 1 − 2·(F(t) − ½) with the df = 2 closed form
    const r = pairedTTest([2, 4, 6], [1, 2, 3]);
    const t = 2 * Math.sqrt(3);
    expect(r.t).toBeCloseTo(t, 13);
    expect(r.p).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 13);
    expect(pairedTTest([1, 2], [1, 2]).p).toBe(1);
    expect(pairedTTest([2, 3], [1, 2]).p).toBe(0);
    expect(pairedTTest([1], [2]).p).toBeNaN();
    expect(() => pairedTTest([1, 2], [1])).toThrow(/equal lengths/);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('reproduces scipy on Darwin data (exact, no ties)', () => {
    const r = wilcoxonSignedRank(DARWIN_D);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(24);
    expect(r.wMinus).toBe(24);
    expect(r.p).toBeCloseTo(0.041259765625, 14);
  });

  it('matches the critical values of the n = 10 table (two-sided α = 0.05: T ≤ 8)', () => {
    // ranks 1..10 with the ranks summing to T negative: T = 8 via {8}, T = 9 via {9}
    const withNegative = (neg: number) => Array.from({ length: 10 }, (_, i) => (i + 1 === neg ? -(i + 1) : i + 1));
    // P(W ≤ 8) = 25/1024, P(W ≤ 9) = 33/1024 (subsets of 1..10 with sums ≤ 8 / ≤ 9, counted by hand)
    expect(wilcoxonSignedRank(withNegative(8)).p).toBeCloseTo((2 * 25) / 1024, 14);
    expect(wilcoxonSignedRank(withNegative(9)).p).toBeCloseTo((2 * 33) / 1024, 14);
  });

  it('smallest attainable p for n pairs is 2/2^n (n = 3 → 0.25, n = 6 → 0.03125)', () => {
    const r3 = wilcoxonSignedRank([0.1, 0.2, 0.3], [0.2, 0.4, 0.6]);
    expect(r3.p).toBe(0.25);
    expect(r3.minP).toBe(0.25);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5, 6]).p).toBe(0.03125);
    // ranks 1, 2, 3 → W+ = 4; the 8 subset sums are 0 1 2 3 3 4 5 6: P(W+ ≥ 4) = 3/8 → p = 2·3/8
    expect(wilcoxonSignedRank([1, -2, 3]).p).toBe(0.75);
  });

  it('exact with ties equals brute-force enumeration of all sign flips', () => {
    const d = [0.3, -0.1, 0.1, 0.2, -0.3, 0.3, 0.05];
    const { ranks } = averageRanks(d.map(Math.abs));
    const wObs = ranks.reduce((s, r, i) => s + (d[i] > 0 ? r : 0), 0);
    let le = 0;
    let ge = 0;
    const n = d.length;
    for (let mask = 0; mask < 1 << n; mask++) {
      let w = 0;
      for (let i = 0; i < n; i++) if (mask & (1 << i)) w += ranks[i];
      if (w <= wObs + 1e-9) le++;
      if (w >= wObs - 1e-9) ge++;
    }
    const expected = Math.min(1, (2 * Math.min(le, ge)) / (1 << n));
    const r = wilcoxonSignedRank(d);
    expect(r.ties).toBe(true);
    expect(r.p).toBeCloseTo(expected, 14);
  });

  it('drops zero differences and rounds float noise so equal differences tie', () => {
    const r = wilcoxonSignedRank([0.1, 0.3, 0.5, 0.7], [0.08, 0.28, 0.5, 0.75]);
    expect(r.zeros).toBe(1);
    expect(r.n).toBe(3);
    expect(r.ties).toBe(true); // 0.1 − 0.08 and 0.3 − 0.28 differ in float64 but are the same difference
  });

  it('normal approximation with tie and continuity corrections reproduces R on the sleep data', () => {
    // R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) → V = 0, p-value = 0.009091
    const r = wilcoxonSignedRank(SLEEP_D.map((v) => -v), undefined, { method: 'normal' });
    expect(r.n).toBe(9);
    expect(r.wPlus).toBe(0);
    expect(r.p).toBeCloseTo(0.009091, 6);
    // by hand: z = (0 − 22.5 + 0.5)/√(9·10·19/24 − (2³ − 2)/48)
    expect(r.z).toBeCloseTo(-22 / Math.sqrt(71.125), 12);
  });

  it('the exact distribution sums to one and is symmetric', () => {
    const dist = signedScoreDistribution([2, 4, 6, 8]);
    expect(dist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    for (let v = 0; v < dist.length; v++) expect(dist[v]).toBe(dist[dist.length - 1 - v]);
  });

  it('all-zero differences give p = 1', () => {
    expect(wilcoxonSignedRank([0.1, 0.2], [0.1, 0.2]).p).toBe(1);
  });
});

// from the report package's former copy
describe('mean and sampleStd', () => {
  it('match hand-computed values', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; 32 / 7
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([0.09, 0.1])).toBeCloseTo(Math.SQRT1_2 * 0.01, 12);
  });
  it('is NaN where undefined and 0 for constants', () => {
    expect(mean([])).toBeNaN();
    expect(sampleStd([3])).toBeNaN();
    expect(sampleStd([0.1, 0.1, 0.1])).toBeCloseTo(0, 15);
    expect(sampleStd([2, 2, 2])).toBe(0);
  });
});

describe('relativeChange', () => {
  it('is (value − base) / base', () => {
    expect(relativeChange(0.084, 0.09)).toBeCloseTo(-0.06 / 0.9, 12);
    expect(relativeChange(3, 2)).toBe(0.5);
    expect(relativeChange(1, 0)).toBeNaN();
    expect(relativeChange(NaN, 1)).toBeNaN();
  });
});
