// Statistics of the sweep: means, standard deviations, the paired t-test and the Wilcoxon signed-rank
// test (exact for small n, ties included), with the special functions they need. Plain numbers only.

/** @param {readonly number[]} xs */
export function mean(xs) {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Unbiased sample standard deviation (n − 1), two-pass; NaN for fewer than two values. @param {readonly number[]} xs */
export function sampleStd(xs) {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). @param {number} x */
export function logGamma(x) {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0; got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const TINY = 1e-300;

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x, a, b) {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for x in [0, 1], a, b > 0. */
export function regularizedBeta(x, a, b) {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedBeta needs a, b > 0; got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta needs x in [0, 1]; got ${x}`);
  if (x === 0 || x === 1) return x;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const bt = Math.exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return (bt * betaContinuedFraction(x, a, b)) / a;
  return 1 - (bt * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Cumulative distribution function of Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t, df) {
  if (!(df > 0)) throw new RangeError(`studentTCdf needs df > 0; got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return 0.5;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided tail P(|T| ≥ |t|) of Student's t (computed directly, no 1 − x cancellation). */
export function studentTTwoSided(t, df) {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, regularizedBeta(df / (df + t * t), df / 2, 0.5));
}

/** Regularized upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above). */
export function regularizedGammaQ(a, x) {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a, x) {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < 10000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a, x) {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Standard normal CDF Φ(z), accurate in both tails. */
export function normalCdf(z) {
  if (Number.isNaN(z)) return NaN;
  const q = 0.5 * regularizedGammaQ(0.5, (z * z) / 2); // P(Z > |z|)
  return z >= 0 ? 1 - q : q;
}

/**
 * Paired t-test of `x` against `y` (same length, paired by index): t = mean(d)/(sd(d)/√n), d = x − y,
 * df = n − 1, two-sided p. With fewer than two pairs p is NaN; when every difference is equal, p is 1
 * (all zero) or 0 (a constant non-zero shift).
 * @param {readonly number[]} x @param {readonly number[]} [y]
 */
export function pairedTTest(x, y) {
  const d = differences(x, y);
  const n = d.length;
  const meanDiff = mean(d);
  const sdDiff = sampleStd(d);
  if (n < 2) return { n, meanDiff, sdDiff, t: NaN, df: n - 1, p: NaN };
  if (sdDiff === 0) return { n, meanDiff, sdDiff, t: meanDiff === 0 ? 0 : Math.sign(meanDiff) * Infinity, df: n - 1, p: meanDiff === 0 ? 1 : 0 };
  const t = meanDiff / (sdDiff / Math.sqrt(n));
  return { n, meanDiff, sdDiff, t, df: n - 1, p: studentTTwoSided(t, n - 1) };
}

function differences(x, y) {
  if (y === undefined) return Array.from(x);
  if (x.length !== y.length) throw new RangeError(`paired samples need equal lengths; got ${x.length} and ${y.length}`);
  return x.map((v, i) => v - y[i]);
}

/**
 * Average ranks (1-based) of `values`, ties getting the mean of the ranks they span.
 * @param {readonly number[]} values
 * @returns {{ ranks: number[], tieSizes: number[] }}
 */
export function averageRanks(values) {
  const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const ranks = new Array(values.length);
  const tieSizes = [];
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

/** Largest n for which `auto` uses the exact distribution. */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Exact null distribution of the sum of the (integer) scores that get a positive sign, each sign ±
 * with probability ½: probs[s] = P(S = s).
 * @param {readonly number[]} scores non-negative integers
 */
export function signedScoreDistribution(scores) {
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

/**
 * Wilcoxon signed-rank test of the paired differences x − y (or of `x` alone when `y` is omitted):
 * zero differences are dropped (Wilcoxon's method), |d| ranked with average ranks for ties.
 * `exact` uses the permutation distribution of W+ given the (mid)ranks — the classical table without
 * ties, the exact conditional test with ties; `normal` is the normal approximation with the tie
 * correction of the variance and a continuity correction of ½; `auto` is exact up to n = 50.
 * Two-sided p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))).
 * Differences are rounded to 12 decimals first so that float noise (0.1 − 0.08) does not break ties.
 * @param {readonly number[]} x @param {readonly number[]} [y]
 * @param {{ method?: 'auto' | 'exact' | 'normal', correction?: boolean }} [options]
 */
export function wilcoxonSignedRank(x, y, options = {}) {
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
  const useExact = method === 'exact' || (method === 'auto' && n <= WILCOXON_EXACT_MAX_N);
  if (useExact) {
    const scores = ranks.map((r) => Math.round(2 * r)); // midranks are multiples of ½
    const dist = signedScoreDistribution(scores);
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
  const mu = total / 2;
  const tieTerm = tieSizes.reduce((a, t) => a + t * t * t - t, 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  let num = wPlus - mu;
  if (correction) num = Math.sign(num) * Math.max(0, Math.abs(num) - 0.5);
  const z = variance > 0 ? num / Math.sqrt(variance) : 0;
  const p = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { ...base, p, z, method: 'normal', minP: NaN };
}

/**
 * Relative change of `value` against `base`, (value − base)/base; NaN when base is 0 or either is not
 * finite. For error rates a negative number means `value` is lower (better).
 */
export function relativeChange(value, base) {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return NaN;
  return (value - base) / base;
}
