/** A duration as `1h02m`, `3m05s` or `12s` (`--` when unknown). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** An error rate in [0, 1] as a percentage with two decimals, e.g. `12.50%`. */
export function formatPercent(rate: number): string {
  return `${(100 * rate).toFixed(2)}%`;
}

/** A loss with four decimals, `nan` when not finite. */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : 'nan';
}
