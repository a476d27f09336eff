// Summary statistics of timings and a least-squares slope for memory samples.

/** Median, min and max of a non-empty list of numbers. */
export function summarize(values) {
  if (!values.length) throw new Error('summarize: no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** Ordinary least-squares fit y = a + b·x; returns { slope: b, intercept: a }. Needs ≥ 2 distinct x. */
export function leastSquares(xs, ys) {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new Error('leastSquares: need ≥ 2 paired samples');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) throw new Error('leastSquares: all x equal');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** a / b, or null when either is missing or b is not positive. */
export function ratio(a, b) {
  return a == null || b == null || !(b > 0) ? null : a / b;
}

/** The p-quantile (0 ≤ p ≤ 1) of a non-empty list, linear between order statistics. */
export function quantile(values, p) {
  if (!values.length) throw new Error('quantile: no values');
  const s = [...values].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

/**
 * a / b for two timing rows. When both carry `samples` of one run (`samples.wall[i]`, `samples.cpu[i]`: round i,
 * taken back to back), the ratio is per round: { value, cpuValue } are the medians of the per-round ratios and
 * { spread, cpuSpread } their [p25, p75]; otherwise the ratio of the medians, with no spread.
 */
export function pairedRatio(a, b) {
  if (!a || !b) return { value: null, cpuValue: null, spread: null, cpuSpread: null };
  const n = a.samples?.wall?.length;
  if (n && b.samples?.wall?.length === n) {
    const per = (key) => a.samples[key].map((x, i) => x / b.samples[key][i]);
    const [w, c] = [per('wall'), per('cpu')];
    return { value: quantile(w, 0.5), cpuValue: quantile(c, 0.5), spread: [quantile(w, 0.25), quantile(w, 0.75)], cpuSpread: [quantile(c, 0.25), quantile(c, 0.75)] };
  }
  return { value: ratio(a.medianMs, b.medianMs), cpuValue: ratio(a.cpuMedianMs, b.cpuMedianMs), spread: null, cpuSpread: null };
}
