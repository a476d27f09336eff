import type { RunLog, StepPoint } from './run-log.js';
import { extraConfig } from './run-log.js';
import type { LambdaHistograms } from './lambda-recorder.js';
import type { HistogramCounts } from './stats.js';
import type { HistogramBar, LinePoint } from './specs.js';
import { evenlySpacedIndices, movingAverage } from './stats.js';

/** A run as the report shows it: a label, its log and (when recorded) its per-example λ histograms. */
export interface ReportRun {
  label: string;
  log: RunLog;
  lambda: LambdaHistograms | null;
}

/** Most points drawn per line (longer runs are thinned evenly after smoothing). */
export const MAX_LINE_POINTS = 400;

/**
 * A run's label: the config's `label` when the CLI wrote one, else variant (+amp) and seed, else the
 * log's folder name.
 */
export function runLabel(log: RunLog): string {
  const c = log.config;
  const seed = typeof c.seed === 'number' ? ` (seed ${c.seed})` : '';
  const extra = extraConfig(log);
  if (typeof extra.label === 'string' && extra.label) return `${extra.label}${seed}`;
  const method = c.method as { name?: unknown } | null | undefined;
  if (method && typeof method.name === 'string') return `${method.name}${c.amp ? '+amp' : ''}${seed}`;
  if (c.method === null) return `none${seed}`;
  const parts = log.source.split(/[\\/]/);
  return parts.length >= 2 ? parts[parts.length - 2] : log.source;
}

/** Makes labels unique by appending " #2", " #3", … to repeats (order kept). */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

/**
 * One smoothed, thinned line per run of a per-step field: a trailing moving average over `smooth`
 * steps (skipped steps count as missing), then at most {@link MAX_LINE_POINTS} evenly spaced points.
 */
export function stepLines(runs: readonly ReportRun[], field: keyof Omit<StepPoint, 'skipped' | 'step'>, smooth: number): LinePoint[] {
  const out: LinePoint[] = [];
  for (const run of runs) {
    const steps = run.log.steps;
    const values = steps.map((s) => (s.skipped ? NaN : s[field]));
    const smoothed = movingAverage(values, smooth);
    for (const i of evenlySpacedIndices(steps.length, MAX_LINE_POINTS)) {
      out.push({ run: run.label, step: steps[i].step, value: smoothed[i] });
    }
  }
  return out;
}

/** Dev error (in %) at each evaluation of each run. */
export function devErrorLines(runs: readonly ReportRun[]): LinePoint[] {
  return runs.flatMap((run) => run.log.evals.map((e) => ({ run: run.label, step: e.step, value: 100 * e.devError })));
}

/** Histogram bars as fractions of the counted examples (bins with no data in any run are kept: a zero bar). */
export function histogramBars(run: string, which: string, hist: HistogramCounts): HistogramBar[] {
  const total = hist.counts.reduce((a, b) => a + b, 0) + hist.below + hist.above;
  if (total === 0) return [];
  const width = (hist.hi - hist.lo) / hist.counts.length;
  return hist.counts.map((c, k) => ({ run, which, lo: hist.lo + k * width, hi: hist.lo + (k + 1) * width, fraction: c / total }));
}

/** λ and λ' bars of every run that recorded them. */
export function lambdaBars(runs: readonly ReportRun[]): HistogramBar[] {
  const out: HistogramBar[] = [];
  for (const run of runs) {
    if (!run.lambda) continue;
    out.push(...histogramBars(run.label, 'λ (plan)', run.lambda.lambda));
    out.push(...histogramBars(run.label, "λ' (AMP)", run.lambda.lambdaPrime));
  }
  return out;
}
