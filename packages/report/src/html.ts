import type { ReportRun } from './series.js';

/** A rendered figure: its file stem (`<stem>.svg`, `<stem>.png`), a caption and the SVG text. */
export interface Figure {
  stem: string;
  caption: string;
  svg: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function pct(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : '–';
}

function field(obj: Record<string, unknown> | null, key: string): unknown {
  return obj ? obj[key] : undefined;
}

/** The summary table's cells of one run (strings, not yet escaped). */
export function summaryCells(run: ReportRun): string[] {
  const r = run.log.result;
  const bestDev = field(r, 'bestDev') as { step?: number; error?: number } | null | undefined;
  const test = field(r, 'testError') as { bestDev?: number | null; last?: number | null } | undefined;
  const elapsed = field(r, 'elapsedMs');
  const steps = field(r, 'steps') ?? run.log.steps.at(-1)?.step;
  return [
    run.label,
    typeof steps === 'number' ? String(steps) : '–',
    bestDev && typeof bestDev.error === 'number' ? `${pct(bestDev.error)} @ ${bestDev.step}` : '–',
    pct(test?.bestDev),
    pct(test?.last),
    typeof elapsed === 'number' ? `${(elapsed / 1000).toFixed(1)} s` : r ? '–' : 'unfinished',
  ];
}

/** The report page: a summary table of the runs and every figure inline (SVG) with a link to its PNG. */
export function reportHtml(title: string, runs: readonly ReportRun[], figures: readonly Figure[]): string {
  const head = ['run', 'steps', 'best dev error', 'test error (best dev)', 'test error (last)', 'time'];
  const rows = runs.map((r) => `<tr>${summaryCells(r).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
  const figs = figures.map(
    (f) =>
      `<figure id="${escapeHtml(f.stem)}">${f.svg}<figcaption>${escapeHtml(f.caption)} ` +
      `(<a href="${escapeHtml(f.stem)}.svg">SVG</a>, <a href="${escapeHtml(f.stem)}.png">PNG</a>)</figcaption></figure>`,
  );
  const sources = runs.map((r) => `<li><code>${escapeHtml(r.label)}</code>: ${escapeHtml(r.log.source)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}
td:first-child,th:first-child{text-align:left}figure{margin:2em 0}figcaption{color:#555;font-size:.9em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${figs.join('\n')}
<h2>Logs</h2><ul>${sources.join('')}</ul>
</body></html>
`;
}
