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
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
} as const;

/** A line chart of `value` over `step`, one coloured line per run. */
export function lineSpec(points: readonly LinePoint[], options: { title: string; yTitle: string; points?: boolean; yZero?: boolean }): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: points.filter((p) => Number.isFinite(p.value)) as unknown as Record<string, unknown>[] },
    mark: { type: 'line', point: options.points ?? false, strokeWidth: 1.8 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: options.yTitle, scale: { zero: options.yZero ?? false } },
      color: { field: 'run', type: 'nominal', title: 'run' },
    },
  };
}

/** Pre-binned histograms, one panel per `which` (λ, λ'), the runs' bars overlaid in colour. */
export function histogramSpec(bars: readonly HistogramBar[], options: { title: string; xTitle: string }): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    config: CONFIG,
    data: { values: bars as unknown as Record<string, unknown>[] },
    facet: { column: { field: 'which', type: 'nominal', title: null, header: { labelFontSize: 13 } } },
    spec: {
      width: WIDTH / 2 - 20,
      height: HEIGHT - 40,
      mark: { type: 'rect', opacity: 0.5, stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'lo', type: 'quantitative', title: options.xTitle, scale: { domain: [0, 1] } },
        x2: { field: 'hi' },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of examples', scale: { zero: true } },
        y2: { datum: 0 },
        color: { field: 'run', type: 'nominal', title: 'run' },
      },
    },
  };
}

/** A histogram of a per-step quantity (vega-lite bins it), the runs overlaid; used when no per-example data exists. */
export function binnedSpec(points: readonly LinePoint[], options: { title: string; xTitle: string }): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: points.filter((p) => Number.isFinite(p.value)) as unknown as Record<string, unknown>[] },
    mark: { type: 'bar', opacity: 0.55 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 30 }, title: options.xTitle },
      y: { aggregate: 'count', type: 'quantitative', title: 'steps', stack: null },
      color: { field: 'run', type: 'nominal', title: 'run' },
    },
  };
}
