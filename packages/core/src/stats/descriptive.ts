/** Arithmetic mean; `NaN` for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Unbiased sample standard deviation (divides by n − 1); `NaN` for fewer than two values.
 * Two-pass formula (no catastrophic cancellation).
 */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (values.length - 1));
}

/** Median (mean of the two middle values for an even count); `NaN` for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Relative change of `value` against `base`: (value − base) / base. `NaN` when base is 0 or either is
 * not finite. A negative number means `value` is lower (for an error rate: better).
 */
export function relativeChange(value: number, base: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return NaN;
  return (value - base) / base;
}
