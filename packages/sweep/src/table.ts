import { mean, pairedTTest, relativeChange, sampleStd, wilcoxonSignedRank } from '@ampmix/core/stats';
import type { GridRecord } from './node/grid.js';
import type { GridSpec } from './spec.js';
import { expandGrid, resolveGridSpec } from './spec.js';

/** One row of the table: a configuration at one training fraction, over its seeds (and folds). */
export interface GridRow {
  configuration: string;
  fraction: number;
  /** Number of finished runs. */
  n: number;
  mean: number;
  std: number;
  /** The paired comparison with the configuration's baseline, when it has one. */
  vs: null | {
    baseline: string;
    /** Pairs (same seed and fold) both have. */
    n: number;
    baselineMean: number;
    /** Mean of the paired differences (this − baseline). */
    meanDiff: number;
    /** (mean − baseline mean) / baseline mean over the pairs; negative: lower than the baseline. */
    relChange: number;
    tTestP: number;
    wilcoxonP: number;
  };
}

const pairId = (r: GridRecord) => `${r.run.seed}|${r.run.fold ?? '-'}`;

/**
 * The table of a grid from its stored records: per configuration × fraction the mean ± sample std of the
 * metric, and for a configuration with a `baseline` the paired differences (same seed and fold) with the
 * paired t-test and the exact Wilcoxon signed-rank test of `@ampmix/core/stats`.
 */
export function summarizeGrid(spec: GridSpec, records: readonly GridRecord[]): GridRow[] {
  const s = resolveGridSpec(spec);
  const value = (r: GridRecord) => r.result[s.metric] as number;
  const keys = new Set(expandGrid(s).map((r) => r.key));
  const cell = new Map<string, Map<string, number>>();
  for (const r of records) {
    if (!keys.has(r.key) || !Number.isFinite(value(r))) continue;
    const id = `${r.run.configuration}|${r.run.fraction}`;
    if (!cell.has(id)) cell.set(id, new Map());
    cell.get(id)?.set(pairId(r), value(r));
  }
  const rows: GridRow[] = [];
  for (const fraction of s.fractions) {
    for (const c of s.configurations) {
      const mine = cell.get(`${c.id}|${fraction}`) ?? new Map<string, number>();
      const xs = [...mine.values()];
      let vs: GridRow['vs'] = null;
      if (c.baseline) {
        const theirs = cell.get(`${c.baseline}|${fraction}`) ?? new Map<string, number>();
        const ids = [...mine.keys()].filter((k) => theirs.has(k));
        const x = ids.map((k) => mine.get(k) as number);
        const y = ids.map((k) => theirs.get(k) as number);
        const baselineMean = mean(y);
        vs = {
          baseline: c.baseline,
          n: ids.length,
          baselineMean,
          meanDiff: mean(x.map((v, i) => v - y[i])),
          relChange: relativeChange(mean(x), baselineMean),
          tTestP: pairedTTest(x, y).p,
          wilcoxonP: ids.length ? wilcoxonSignedRank(x, y).p : NaN,
        };
      }
      rows.push({ configuration: c.id, fraction, n: xs.length, mean: mean(xs), std: sampleStd(xs), vs });
    }
  }
  return rows;
}

const fmt = (x: number, digits: number, scale = 1) => (Number.isFinite(x) ? (scale * x).toFixed(digits) : '—');
const fmtP = (p: number) => (!Number.isFinite(p) ? '—' : p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** Options of {@link formatGridTable}. */
export interface FormatTableOptions {
  /** Show the metric ×100 with a `%` (error rates); default true. */
  percent?: boolean;
  /** Name of the metric column; default `metric`. */
  metricLabel?: string;
}

/** A plain-text table of {@link summarizeGrid}'s rows, columns aligned. */
export function formatGridTable(rows: readonly GridRow[], options: FormatTableOptions = {}): string {
  const pct = options.percent ?? true;
  const scale = pct ? 100 : 1;
  const unit = pct ? ' %' : '';
  const head = ['configuration', 'fraction', 'n', `${options.metricLabel ?? 'metric'} (mean ± std)`, 'vs', 'paired diff', 'rel. change', 't-test p', 'Wilcoxon p'];
  const body = rows.map((r) => [
    r.configuration,
    String(r.fraction),
    String(r.n),
    `${fmt(r.mean, 2, scale)} ± ${fmt(r.std, 2, scale)}${unit}`,
    r.vs ? `${r.vs.baseline} (n=${r.vs.n})` : '',
    r.vs ? `${r.vs.meanDiff >= 0 ? '+' : ''}${fmt(r.vs.meanDiff, 2, scale)}${unit}` : '',
    r.vs ? `${r.vs.relChange >= 0 ? '+' : ''}${fmt(r.vs.relChange, 1, 100)} %` : '',
    r.vs ? fmtP(r.vs.tTestP) : '',
    r.vs ? fmtP(r.vs.wilcoxonP) : '',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 || c === 4 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
