/**
 * Series and histogram helpers of the report (the statistics live in `@ampmix/core/stats`).
 */

/**
 * Trailing moving average: element i is the mean of values[max(0, i − window + 1) .. i], skipping
 * non-finite entries (an all-non-finite window gives `NaN`). `window` 1 returns a copy.
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1; got ${window}`);
  const out = new Array<number>(values.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
    const drop = i - window;
    if (drop >= 0 && Number.isFinite(values[drop])) {
      sum -= values[drop];
      count--;
    }
    out[i] = count > 0 ? sum / count : NaN;
  }
  return out;
}

/**
 * Indices of at most `maxPoints` evenly spaced entries of a list of `length`, always keeping the first
 * and the last, in increasing order (so long runs plot with a bounded number of points).
 */
export function evenlySpacedIndices(length: number, maxPoints: number): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer ≥ 2; got ${maxPoints}`);
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < maxPoints; k++) {
    const i = Math.round((k * (length - 1)) / (maxPoints - 1));
    if (out.length === 0 || out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** Fixed-width histogram counts over [lo, hi]; values outside are counted in `below` / `above`. */
export interface HistogramCounts {
  readonly lo: number;
  readonly hi: number;
  /** counts[k] holds values in [lo + k·w, lo + (k+1)·w), the last bin also holds `hi`. */
  readonly counts: number[];
  below: number;
  above: number;
}

/** An empty {@link HistogramCounts} with `bins` bins over [lo, hi]. */
export function emptyHistogram(bins: number, lo: number, hi: number): HistogramCounts {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1; got ${bins}`);
  if (!(hi > lo)) throw new RangeError(`histogram range must have hi > lo; got [${lo}, ${hi}]`);
  return { lo, hi, counts: new Array<number>(bins).fill(0), below: 0, above: 0 };
}

/** Adds every finite value of `values` to `hist` (in place) and returns it. Non-finite values are ignored. */
export function addToHistogram(hist: HistogramCounts, values: ArrayLike<number>): HistogramCounts {
  const bins = hist.counts.length;
  const width = (hist.hi - hist.lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < hist.lo) hist.below++;
    else if (v > hist.hi) hist.above++;
    else hist.counts[Math.min(bins - 1, Math.floor((v - hist.lo) / width))]++;
  }
  return hist;
}

/**
 * A histogram of log10|v| for the positive and the negative values separately, and a count of zeros: the
 * distribution of a signed quantity spanning many orders of magnitude (AMP's Δλ, ℓ' − ℓ).
 */
export interface SignedLogHistogram {
  positive: HistogramCounts;
  negative: HistogramCounts;
  zero: number;
}

/** An empty {@link SignedLogHistogram} with `bins` bins of log10|v| over [lo, hi]. */
export function emptySignedLogHistogram(bins: number, lo: number, hi: number): SignedLogHistogram {
  return { positive: emptyHistogram(bins, lo, hi), negative: emptyHistogram(bins, lo, hi), zero: 0 };
}

/** Adds every finite value (in place) and returns the histogram. */
export function addToSignedLogHistogram(hist: SignedLogHistogram, values: ArrayLike<number>): SignedLogHistogram {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v === 0) hist.zero++;
    else (v > 0 ? pos : neg).push(Math.log10(Math.abs(v)));
  }
  addToHistogram(hist.positive, pos);
  addToHistogram(hist.negative, neg);
  return hist;
}
