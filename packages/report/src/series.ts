import type { RunLog, StepPoint } from './run-log.js';
import { extraConfig } from './run-log.js';
import type { LambdaHistograms } from './lambda-recorder.js';
import type { HistogramCounts, SignedLogHistogram } from './stats.js';
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

/** Whether a run used AMP (its config line holds AMP options). */
export function isAmpRun(run: ReportRun): boolean {
  const amp = run.log.config.amp;
  return typeof amp === 'object' && amp !== null;
}

/**
 * Bars of a {@link SignedLogHistogram} as two panels, `positive` and `negative`, each bin's fraction of all the
 * run's values (zeros included: they are in no panel, and the caption says how many there were).
 */
export function signedLogBars(run: string, hist: SignedLogHistogram, names: { positive: string; negative: string }): HistogramBar[] {
  const count = (h: HistogramCounts) => h.counts.reduce((a, b) => a + b, 0) + h.below + h.above;
  const total = count(hist.positive) + count(hist.negative) + hist.zero;
  if (total === 0) return [];
  const bars = (which: string, h: HistogramCounts) => {
    const width = (h.hi - h.lo) / h.counts.length;
    return h.counts.map((c, k) => ({ run, which, lo: h.lo + k * width, hi: h.lo + (k + 1) * width, fraction: c / total }));
  };
  return [...bars(names.positive, hist.positive), ...bars(names.negative, hist.negative)];
}

/** Share of zeros in a {@link SignedLogHistogram} (NaN when empty). */
export function zeroShare(hist: SignedLogHistogram): number {
  const count = (h: HistogramCounts) => h.counts.reduce((a, b) => a + b, 0) + h.below + h.above;
  const total = count(hist.positive) + count(hist.negative) + hist.zero;
  return total === 0 ? NaN : hist.zero / total;
}

/**
 * Pairs each AMP run with the run without AMP of the same seed (the first one) and gives, per step, the
 * difference of their smoothed training loss at λ (AMP − base), labelled "A − B".
 */
export function lossDifferenceLines(runs: readonly ReportRun[], smooth: number): LinePoint[] {
  const out: LinePoint[] = [];
  const bases = runs.filter((r) => !isAmpRun(r) && r.log.config.method !== null);
  for (const run of runs.filter(isAmpRun)) {
    const base = bases.find((b) => b.log.config.seed === run.log.config.seed);
    if (!base) continue;
    const smoothed = (r: ReportRun) => {
      const v = movingAverage(r.log.steps.map((s) => (s.skipped ? NaN : s.lossBefore)), smooth);
      return new Map(r.log.steps.map((s, i) => [s.step, v[i]]));
    };
    const [a, b] = [smoothed(run), smoothed(base)];
    const steps = run.log.steps.map((s) => s.step).filter((s) => b.has(s));
    const label = `${run.label} − ${base.label}`;
    for (const i of evenlySpacedIndices(steps.length, MAX_LINE_POINTS)) out.push({ run: label, step: steps[i], value: a.get(steps[i])! - b.get(steps[i])! });
  }
  return out;
}

/** Per step, the batch mean of ℓ(λ') − ℓ(λ) (the log's lossAfter − lossBefore), smoothed, AMP runs only. */
export function lossGapLines(runs: readonly ReportRun[], smooth: number): LinePoint[] {
  const out: LinePoint[] = [];
  for (const run of runs.filter(isAmpRun)) {
    const steps = run.log.steps;
    const v = movingAverage(steps.map((s) => (s.skipped ? NaN : s.lossAfter - s.lossBefore)), smooth);
    for (const i of evenlySpacedIndices(steps.length, MAX_LINE_POINTS)) out.push({ run: run.label, step: steps[i].step, value: v[i] });
  }
  return out;
}
