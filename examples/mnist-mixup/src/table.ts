/** What one row of the comparison measured. */
export interface RowResult {
  name: string;
  /** Test error of the best-dev model, in [0, 1]. */
  testError: number;
  /** Test error of the last model. */
  lastTestError: number;
  /** Best dev error and its step. */
  devError: number;
  bestStep: number;
  /** Mean |λ' − λ| over the steps (0 without AMP). */
  meanAbsDeltaLambda: number;
  /** Fraction of examples trained on ℓ' (0 without AMP). */
  maskRate: number;
  /** Wall-clock time of the row (training and evaluations), ms. */
  elapsedMs: number;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A plain-text table, one line per row, columns aligned. */
export function formatTable(rows: readonly RowResult[]): string {
  const head = ['method', 'test error', 'test error (last)', 'best dev error', 'mean |Δλ|', "ℓ' > ℓ", 'time'];
  const body = rows.map((r) => [
    r.name,
    pct(r.testError),
    pct(r.lastTestError),
    `${pct(r.devError)} @${r.bestStep}`,
    r.meanAbsDeltaLambda === 0 ? '—' : r.meanAbsDeltaLambda.toExponential(1),
    r.maskRate === 0 ? '—' : pct(r.maskRate),
    secs(r.elapsedMs),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
