import { regularizedBeta } from '../stats/index.js';

/** The CDF of Beta(a, b) at x: I_x(a, b) (0 below the support, 1 above); from `@ampmix/core/stats`. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return regularizedBeta(x, a, b);
}

/** Result of {@link ksTest}. */
export interface KsResult {
  /** The Kolmogorov–Smirnov statistic D = sup |F_n − F|. */
  statistic: number;
  /** Asymptotic p-value (Kolmogorov distribution, with Stephens' small-sample correction). */
  pValue: number;
}

/** One-sample Kolmogorov–Smirnov test of `samples` against the continuous CDF `cdf`. */
export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const sqrtN = Math.sqrt(n);
  const lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
  return { statistic: d, pValue: kolmogorovSurvival(lambda) };
}

/** P(K > λ) for the Kolmogorov distribution: 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
