// Small SVG charts: line charts of a few series and a histogram. No library; SVG strings.

/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

/** Axis labels of a chart. */
export interface Axes {
  x: string;
  /** Integer ticks on the y axis (counts). */
  yIntegers?: boolean;
}

const W = 380;
const PLOT_H = 130;
const PAD = { l: 48, r: 10, b: 32 };
const LEGEND_COLS = 2;
const LEGEND_ROW = 12;
const LEGEND_MIN_ROWS = 2;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The labels of the ticks at `lo`, the middle and `hi`: enough decimals that the three differ
 * (none for integer ticks), at most 5.
 */
export function tickLabels(lo: number, hi: number, integers = false): string[] {
  const values = [lo, (lo + hi) / 2, hi];
  if (integers) return values.map((v) => String(Math.round(v)));
  const step = (hi - lo) / 2;
  const decimals = step > 0 ? Math.min(5, Math.max(0, Math.ceil(0.5 - Math.log10(step)))) : 2;
  return values.map((v) => v.toFixed(decimals));
}

/** Legend entries in rows of two above the plot; a line swatch (dashed when the series is) or a box. */
function legendOf(entries: { name: string; color: string; dashed?: boolean; box?: boolean }[], top: number): string {
  const colW = (W - PAD.l - PAD.r) / LEGEND_COLS;
  return entries
    .map((s, i) => {
      const x = PAD.l + (i % LEGEND_COLS) * colW;
      const y = top + Math.floor(i / LEGEND_COLS) * LEGEND_ROW;
      const swatch = s.box
        ? `<rect x="${x}" y="${y - 7}" width="12" height="8" fill="${s.color}"/>`
        : `<line x1="${x}" x2="${x + 14}" y1="${y - 3}" y2="${y - 3}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 2"' : ''}/>`;
      return `${swatch}<text x="${x + 18}" y="${y}">${esc(s.name)}</text>`;
    })
    .join('');
}

/** The chart's frame: title, legend rows, plot box, grid and tick labels, the x axis label; `body` draws in the plot. */
function frame(title: string, legend: Parameters<typeof legendOf>[0], x: [number, number, string[]], y: [number, number, string[]], axes: Axes, body: (box: Box) => string): string {
  const rows = Math.max(LEGEND_MIN_ROWS, Math.ceil(legend.length / LEGEND_COLS)); // the same plot top in every chart of a row
  const top = 18 + rows * LEGEND_ROW + 6;
  const box: Box = { left: PAD.l, right: W - PAD.r, top, bottom: top + PLOT_H };
  const H = box.bottom + PAD.b;
  const grid = y[2]
    .map((label, i) => {
      const yy = box.bottom - (i / 2) * PLOT_H;
      return `<line x1="${box.left}" x2="${box.right}" y1="${yy}" y2="${yy}" stroke="#eee"/><text x="${box.left - 4}" y="${yy + 4}" text-anchor="end">${label}</text>`;
    })
    .join('');
  const xt = x[2]
    .map((label, i) => `<text x="${box.left + (i / 2) * (box.right - box.left)}" y="${box.bottom + 12}" text-anchor="${['start', 'middle', 'end'][i]}">${label}</text>`)
    .join('');
  const xLabel = `<text x="${(box.left + box.right) / 2}" y="${box.bottom + 26}" text-anchor="middle" fill="#555">${esc(axes.x)}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="10" font-family="sans-serif"><text x="${PAD.l}" y="13" font-size="12" font-weight="bold">${esc(title)}</text>${legendOf(legend, 18 + LEGEND_ROW)}${grid}${xt}${xLabel}<rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${PLOT_H}" fill="none" stroke="#999"/>${body(box)}</svg>`;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A line chart of `series` (empty series are listed but not drawn). Every series but the last is drawn wide
 * and translucent under the later ones, so a series that coincides with a later one still shows.
 */
export function lineChart(title: string, series: Series[], axes: Axes = { x: 'step' }): string {
  const legend = series.map(({ name, color, dashed }) => ({ name, color, dashed }));
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) return frame(title, legend, [0, 1, ['', '', '']], [0, 1, ['', '', '']], axes, () => '');
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const xLabels = tickLabels(x0, x1, xs.every(Number.isInteger));
  const drawn = series.filter((s) => s.points.length);
  return frame(title, legend, [x0, x1, xLabels], [y0, y1, tickLabels(y0, y1, axes.yIntegers)], axes, (b) => {
    const sx = (x: number) => b.left + ((x - x0) / (x1 - x0)) * (b.right - b.left);
    const sy = (y: number) => b.bottom - ((y - y0) / (y1 - y0)) * PLOT_H;
    return drawn
      .map((s, i) => {
        const under = i < drawn.length - 1;
        const d = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
        const dots = s.points.length < 30 ? s.points.map(([x, y]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="${under ? 3 : 2}" fill="${s.color}"/>`).join('') : '';
        return `<g${under ? ' opacity="0.5"' : ''}><path d="${d}" fill="none" stroke="${s.color}" stroke-width="${under ? 4 : 1.5}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>${dots}</g>`;
      })
      .join('');
  });
}

/** A histogram of `values` over [0, max] in `bins` bins. */
export function histogram(title: string, values: number[], color: string, axes: Axes, bins = 20): string {
  const max = Math.max(1e-6, ...values);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))] += 1;
  const top = Math.max(1, ...counts);
  const legend = [{ name: `${values.length} values`, color, box: true }];
  return frame(title, legend, [0, max, tickLabels(0, max)], [0, top, tickLabels(0, top, true)], axes, (b) => {
    const bw = (b.right - b.left) / bins;
    return counts
      .map((c, i) => {
        const h = (c / top) * PLOT_H;
        return `<rect x="${(b.left + i * bw + 0.5).toFixed(1)}" y="${(b.bottom - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`;
      })
      .join('');
  });
}

/** The median of `xs` (NaN when empty). */
export function median(xs: number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
