import { mean, relativeChange, sampleStd } from '@ampmix/core/stats';

/** One configuration's test errors (fractions in [0, 1]), one per seed in the seeds' order. */
export interface CompareInput {
  label: string;
  errors: readonly number[];
}

/** One row of the comparison: mean ± std over seeds and the relative change against its base. */
export interface CompareRow {
  label: string;
  errors: number[];
  mean: number;
  /** Unbiased standard deviation over seeds (`NaN` with one seed). */
  std: number;
  /** Label of the row this one is compared with (`X` for `X+amp`), or `null`. */
  base: string | null;
  /** (mean − base mean) / base mean, or `null` without a base. */
  relative: number | null;
}

/** The base of a label: `word-mixup` for `word-mixup+amp`; `null` for a label without `+amp`. */
export function baseLabel(label: string): string | null {
  return label.endsWith('+amp') ? label.slice(0, -'+amp'.length) : null;
}

/** Means, stds and, for every `X+amp` row whose `X` row is present, the relative change of the means. */
export function summarizeCompare(inputs: readonly CompareInput[]): CompareRow[] {
  const means = new Map(inputs.map((r) => [r.label, mean(r.errors.filter(Number.isFinite))]));
  return inputs.map((r) => {
    const ok = r.errors.filter(Number.isFinite);
    const m = means.get(r.label)!;
    const b = baseLabel(r.label);
    const base = b !== null && means.has(b) ? b : null;
    return { label: r.label, errors: [...r.errors], mean: m, std: sampleStd(ok), base, relative: base ? relativeChange(m, means.get(base)!) : null };
  });
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

function pct(v: number, digits = 2): string {
  return Number.isFinite(v) ? (100 * v).toFixed(digits) : '–';
}

/**
 * A plain-text table: one row per configuration, test error (%) per seed, mean ± std and, for +AMP rows,
 * the relative change of the mean error against the base row (negative = fewer errors).
 */
export function formatCompareTable(rows: readonly CompareRow[], seeds: readonly number[], title = 'test error (%)'): string {
  const head = ['configuration', ...seeds.map((s) => `seed ${s}`), 'mean ± std', 'vs base'];
  const body = rows.map((r) => [
    r.label,
    ...seeds.map((_, i) => pct(r.errors[i] ?? NaN)),
    `${pct(r.mean)} ± ${Number.isFinite(r.std) ? pct(r.std) : 'n/a'}`,
    r.relative === null ? '' : Number.isFinite(r.relative) ? `${r.relative > 0 ? '+' : ''}${(100 * r.relative).toFixed(1)}% vs ${r.base}` : '–',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0 && i < cells.length - 1)).join('  ').trimEnd();
  return [title, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
