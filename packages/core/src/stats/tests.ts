// Paired tests of two samples matched by index (the same seed in two configurations).
import { mean, sampleStd } from './descriptive.js';
import { normalCdf, studentTTwoSided } from './special.js';

/** Result of {@link pairedTTest}. */
export interface TTestResult {
  n: number;
  meanDiff: number;
  sdDiff: number;
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
}

function differences(x: readonly number[], y?: readonly number[]): number[] {
  if (y === undefined) return Array.from(x);
  if (x.length !== y.length) throw new RangeError(`paired samples need equal lengths; got ${x.length} and ${y.length}`);
  return x.map((v, i) => v - y[i]);
}

/**
 * Paired t-test of `x` against `y` (paired by index; `x` alone is a one-sample test of its mean against 0):
 * t = mean(d)/(sd(d)/√n), d = x − y, df = n − 1, two-sided p. With fewer than two pairs p is NaN; when every
 * difference is equal, p is 1 (all zero) or 0 (a constant non-zero shift).
 */
export function pairedTTest(x: readonly number[], y?: readonly number[]): TTestResult {
  const d = differences(x, y);
  const n = d.length;
  const meanDiff = mean(d);
  const sdDiff = sampleStd(d);
  if (n < 2) return { n, meanDiff, sdDiff, t: NaN, df: n - 1, p: NaN };
  if (sdDiff === 0) return { n, meanDiff, sdDiff, t: meanDiff === 0 ? 0 : Math.sign(meanDiff) * Infinity, df: n - 1, p: meanDiff === 0 ? 1 : 0 };
  const t = meanDiff / (sdDiff / Math.sqrt(n));
  return { n, meanDiff, sdDiff, t, df: n - 1, p: studentTTwoSided(t, n - 1) };
}

/** Average ranks (1-based) of `values`, ties getting the mean of the ranks they span, and the tie group sizes. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = r;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/** Largest n for which `wilcoxonSignedRank`'s `auto` method uses the exact distribution. */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Exact null distribution of the sum of the (non-negative integer) scores that get a positive sign, each
 * sign ± with probability ½: `dist[s]` = P(S = s).
 */
export function signedScoreDistribution(scores: readonly number[]): Float64Array {
  const total = scores.reduce((a, b) => a + b, 0);
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const s of scores) {
    const next = new Float64Array(total + 1);
    for (let v = 0; v <= reach; v++) {
      if (dist[v] === 0) continue;
      next[v] += dist[v] * 0.5;
      next[v + s] += dist[v] * 0.5;
    }
    reach += s;
    dist = next;
  }
  return dist;
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** Non-zero differences. */
  n: number;
  zeros: number;
  wPlus: number;
  wMinus: number;
  /** min(W+, W−). */
  statistic: number;
  ties: boolean;
  /** Two-sided p-value. */
  p: number;
  /** z of the normal approximation (NaN for `exact`). */
  z: number;
  method: 'exact' | 'normal';
  /** Smallest two-sided p attainable at this n and these ranks (exact only). */
  minP: number;
}

/**
 * Wilcoxon signed-rank test of the paired differences x − y (or of `x` alone): zero differences are dropped
 * (Wilcoxon's method), |d| ranked with average ranks for ties. `exact` uses the permutation distribution of W+
 * given the (mid)ranks — the classical table without ties, the exact conditional test with ties; `normal` is the
 * normal approximation with the tie correction of the variance and a continuity correction of ½; `auto` is
 * exact up to n = {@link WILCOXON_EXACT_MAX_N}. Two-sided p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))).
 * Differences are rounded to 12 decimals first so that float noise (0.1 − 0.08) does not break ties.
 */
export function wilcoxonSignedRank(
  x: readonly number[],
  y?: readonly number[],
  options: { method?: 'auto' | 'exact' | 'normal'; correction?: boolean } = {},
): WilcoxonResult {
  const method = options.method ?? 'auto';
  const correction = options.correction ?? true;
  const all = differences(x, y).map((v) => Math.round(v * 1e12) / 1e12);
  const d = all.filter((v) => v !== 0);
  const n = d.length;
  const zeros = all.length - n;
  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  let wPlus = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) wPlus += ranks[i];
  const total = (n * (n + 1)) / 2;
  const wMinus = total - wPlus;
  const base = { n, zeros, wPlus, wMinus, statistic: Math.min(wPlus, wMinus), ties: tieSizes.length > 0 };
  if (n === 0) return { ...base, p: 1, z: NaN, method: 'exact', minP: 1 };
  if (method === 'exact' || (method === 'auto' && n <= WILCOXON_EXACT_MAX_N)) {
    const dist = signedScoreDistribution(ranks.map((r) => Math.round(2 * r))); // midranks are multiples of ½
    const s = Math.round(2 * wPlus);
    let lower = 0;
    let upper = 0;
    for (let v = 0; v < dist.length; v++) {
      if (v <= s) lower += dist[v];
      if (v >= s) upper += dist[v];
    }
    const p = Math.min(1, 2 * Math.min(lower, upper));
    const minP = Math.min(1, 2 * Math.min(dist[0], dist[dist.length - 1]));
    return { ...base, p, z: NaN, method: 'exact', minP };
  }
  const tieTerm = tieSizes.reduce((a, t) => a + t * t * t - t, 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  let num = wPlus - total / 2;
  if (correction) num = Math.sign(num) * Math.max(0, Math.abs(num) - 0.5);
  const z = variance > 0 ? num / Math.sqrt(variance) : 0;
  return { ...base, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), z, method: 'normal', minP: NaN };
}
