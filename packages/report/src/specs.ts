import type { TopLevelSpec } from 'vega-lite';

/** One point of a per-step line (training loss, mask rate, |λ' − λ|, dev error). */
export interface LinePoint {
  run: string;
  step: number;
  value: number;
}

/** One pre-binned histogram bar: the fraction of examples of `run` with `which` in [lo, hi). */
export interface HistogramBar {
  run: string;
  which: string;
  lo: number;
  hi: number;
  fraction: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;
const HEIGHT = 260;

/** Shared look: white background, DejaVu/sans-serif text (what resvg finds on a bare Debian). */
const CONFIG = {
  background: 'white',
  font: 'DejaVu Sans, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 440 },
} as const;

/** Options of {@link lineSpec}. */
export interface LineSpecOptions {
  title: string;
  yTitle: string;
  points?: boolean;
  yZero?: boolean;
  /** A log-scaled y axis (values ≤ 0 are dropped). */
  yLog?: boolean;
  /** A fixed y domain (e.g. a dev-error range widened for a short run). */
  yDomain?: [number, number];
  /** Smallest y tick step (e.g. 1 for percentages), so narrow ranges get no fractional clutter. */
  yTickMinStep?: number;
  /** Draw a horizontal rule at y = 0 (for differences). */
  zeroRule?: boolean;
}

/** A line chart of `value` over `step`, one coloured line per run (legend: run). Step ticks are whole steps. */
export function lineSpec(points: readonly LinePoint[], options: LineSpecOptions): TopLevelSpec {
  const values = points.filter((p) => Number.isFinite(p.value) && (!options.yLog || p.value > 0));
  const scale: Record<string, unknown> = options.yLog ? { type: 'log' } : { zero: options.yZero ?? false };
  if (options.yDomain) scale.domain = options.yDomain;
  const yAxis: Record<string, unknown> = options.yLog ? { format: '.0e', labelOverlap: 'greedy' } : {};
  if (options.yTickMinStep) yAxis.tickMinStep = options.yTickMinStep;
  const line = {
    mark: { type: 'line', point: options.points ?? false, strokeWidth: 1.8, clip: true },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: options.yTitle, scale, axis: yAxis },
      color: { field: 'run', type: 'nominal', title: 'run' },
      // runs that coincide (same seeds, same λ) stay visible: each run also has its own dash
      strokeDash: { field: 'run', type: 'nominal', title: 'run' },
    },
  };
  const layers: unknown[] = [line];
  if (options.zeroRule) layers.unshift({ mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { y: { datum: 0 } } });
  return {
    $schema: SCHEMA,
    title: options.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: values as unknown as Record<string, unknown>[] },
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** Options of {@link histogramSpec}. */
export interface HistogramSpecOptions {
  title: string;
  xTitle: string;
  /** x range; default [0, 1]. */
  xDomain?: [number, number];
}

/**
 * Pre-binned histograms, one panel per `which` (λ, λ'; or a sign), each run drawn as a step outline in its own
 * colour (outlines do not blend, so every colour on the page is one of the legend's).
 */
export function histogramSpec(bars: readonly HistogramBar[], options: HistogramSpecOptions): TopLevelSpec {
  // a step line per (run, which): (lo, fraction) of every bin, then (hi, fraction) of the last one
  const points: Record<string, unknown>[] = [];
  const groups = new Map<string, HistogramBar[]>();
  for (const b of bars) {
    const key = JSON.stringify([b.run, b.which]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(b);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => a.lo - b.lo);
    for (const b of g) points.push({ run: b.run, which: b.which, x: b.lo, fraction: b.fraction });
    const last = g[g.length - 1];
    points.push({ run: last.run, which: last.which, x: last.hi, fraction: last.fraction });
  }
  return {
    $schema: SCHEMA,
    title: options.title,
    config: CONFIG,
    data: { values: points },
    facet: { column: { field: 'which', type: 'nominal', title: null, header: { labelFontSize: 13 }, sort: null } },
    spec: {
      width: WIDTH / 2 - 20,
      height: HEIGHT - 40,
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.8 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { domain: options.xDomain ?? [0, 1] } },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of examples', scale: { zero: true } },
        color: { field: 'run', type: 'nominal', title: 'run' },
        strokeDash: { field: 'run', type: 'nominal', title: 'run' },
      },
    },
  } as unknown as TopLevelSpec;
}

/** A histogram of a per-step quantity (vega-lite bins it), the runs stacked (opaque); used when no per-example data exists. */
export function binnedSpec(points: readonly LinePoint[], options: { title: string; xTitle: string }): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: points.filter((p) => Number.isFinite(p.value)) as unknown as Record<string, unknown>[] },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 30 }, title: options.xTitle },
      y: { aggregate: 'count', type: 'quantitative', title: 'steps' },
      color: { field: 'run', type: 'nominal', title: 'run' },
    },
  };
}
