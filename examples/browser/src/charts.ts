// Small SVG charts: line charts of a few series and a histogram. No library; SVG strings.

/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

const W = 380;
const H = 180;
const PAD = { l: 44, r: 10, t: 22, b: 26 };

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function frame(title: string, [x0, x1]: number[], [y0, y1]: number[], body: string, legend: string): string {
  const ticks = [0, 0.5, 1]
    .map((f) => {
      const y = PAD.t + (1 - f) * (H - PAD.t - PAD.b);
      return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${PAD.l - 4}" y="${y + 4}" text-anchor="end">${fmt(y0 + f * (y1 - y0))}</text>`;
    })
    .join('');
  const xt = `<text x="${PAD.l}" y="${H - 8}">${fmt(x0)}</text><text x="${W - PAD.r}" y="${H - 8}" text-anchor="end">${fmt(x1)}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="10" font-family="sans-serif"><text x="${PAD.l}" y="13" font-size="12" font-weight="bold">${esc(title)}</text>${ticks}${xt}<rect x="${PAD.l}" y="${PAD.t}" width="${W - PAD.l - PAD.r}" height="${H - PAD.t - PAD.b}" fill="none" stroke="#999"/>${body}${legend}</svg>`;
}

function legendOf(series: { name: string; color: string }[]): string {
  return series.map((s, i) => `<rect x="${W - PAD.r - 150}" y="${PAD.t + 4 + i * 12}" width="8" height="8" fill="${s.color}"/><text x="${W - PAD.r - 138}" y="${PAD.t + 12 + i * 12}">${esc(s.name)}</text>`).join('');
}

/** A line chart of `series` (empty series are listed but not drawn). */
export function lineChart(title: string, series: Series[]): string {
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) return frame(title, [0, 1], [0, 1], '', legendOf(series));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => PAD.t + (1 - (y - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
  const body = series
    .filter((s) => s.points.length)
    .map((s) => {
      const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
      const dots = s.points.length < 30 ? s.points.map(([x, y]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2" fill="${s.color}"/>`).join('') : '';
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>${dots}`;
    })
    .join('');
  return frame(title, [x0, x1], [y0, y1], body, legendOf(series));
}

/** A histogram of `values` over [0, max] in `bins` bins. */
export function histogram(title: string, values: number[], color: string, bins = 20): string {
  const max = Math.max(1e-6, ...values);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))] += 1;
  const top = Math.max(1, ...counts);
  const bw = (W - PAD.l - PAD.r) / bins;
  const body = counts
    .map((c, i) => {
      const h = (c / top) * (H - PAD.t - PAD.b);
      return `<rect x="${(PAD.l + i * bw + 0.5).toFixed(1)}" y="${(H - PAD.b - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`;
    })
    .join('');
  return frame(title, [0, max], [0, top], body, legendOf([{ name: `${values.length} examples`, color }]));
}

/** The median of `xs` (NaN when empty). */
export function median(xs: number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
