import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { LambdaHistograms } from './lambda-recorder.js';
import type { ReportRun } from './series.js';
import type { Figure } from './html.js';
import { readRunLog, RunLogError } from './run-log.js';
import { runLabel, uniqueLabels } from './series.js';
import { reportFigures } from './figures.js';
import { reportHtml } from './html.js';
import { specToSvg, svgToPng } from './render.js';
import { fontOptions, textRenders } from './fonts.js';
import { writeDirAtomic } from './atomic.js';

/** File name of a run's log inside its run folder. */
export const LOG_FILE = 'log.jsonl';
/** File name of a run's per-example λ/λ' histograms inside its run folder (optional). */
export const LAMBDA_FILE = 'lambda-hist.json';
/** Marker file of a report folder (lets a later report replace it). */
export const REPORT_MARKER = '.ampmix-report';

async function collectLogs(dir: string, depth: number, out: string[]): Promise<void> {
  const direct = join(dir, LOG_FILE);
  try {
    if ((await stat(direct)).isFile()) {
      out.push(direct);
      return;
    }
  } catch {
    /* not a run folder: look below */
  }
  if (depth === 0) return;
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  for (const e of entries) await collectLogs(join(dir, e.name), depth - 1, out);
}

/**
 * Log files named by `paths`: a `.jsonl` file is taken as is; a folder gives its `log.jsonl`, or the
 * `log.jsonl` of run folders up to three levels below it (a `compare` output). Throws naming a path
 * that does not exist or holds no log.
 */
export async function findRunLogs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new RunLogError(`run log or folder not found: ${p}`);
    }
    if (st.isFile()) out.push(p);
    else {
      const before = out.length;
      await collectLogs(p, 3, out);
      if (out.length === before) throw new RunLogError(`no run log (${LOG_FILE}) found in ${p}`);
    }
  }
  return out;
}

/** Reads the λ histograms stored beside a log, or `null` when there are none. */
export async function readLambdaHistograms(logPath: string): Promise<LambdaHistograms | null> {
  const file = join(dirname(logPath), LAMBDA_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const h = JSON.parse(text) as LambdaHistograms;
    return Array.isArray(h?.lambda?.counts) && Array.isArray(h?.lambdaPrime?.counts) ? h : null;
  } catch {
    throw new RunLogError(`${file} is not valid JSON`);
  }
}

/** Loads the runs named by `paths` (see {@link findRunLogs}) with unique labels. */
export async function loadReportRuns(paths: readonly string[]): Promise<ReportRun[]> {
  const files = await findRunLogs(paths);
  const runs: ReportRun[] = [];
  for (const f of files) runs.push({ label: '', log: await readRunLog(f), lambda: await readLambdaHistograms(f) });
  const labels = uniqueLabels(runs.map((r) => runLabel(r.log)));
  runs.forEach((r, i) => (r.label = labels[i]));
  return runs;
}

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** Page title; default "ampmix report". */
  title?: string;
  /** Moving-average window of the per-step curves, in steps; default 25. */
  smooth?: number;
  /** A TTF/OTF font file for PNG text (default: system fonts, or `AMPMIX_FONT`). */
  fontFile?: string;
  /** Name of the output option, for messages; default `--out`. */
  flag?: string;
}

/** What {@link writeReport} wrote. */
export interface ReportOutput {
  /** The report folder. */
  dir: string;
  /** Path of its `index.html`. */
  html: string;
  /** Figure stems written (each as `.svg` and `.png`). */
  figures: string[];
  /** Whether resvg found a font, i.e. the PNGs have their text. */
  textInPng: boolean;
}

/**
 * Writes an HTML report of `runs` to the folder `outDir`: `index.html` with a summary table and every
 * figure inline, plus `<figure>.svg` and `<figure>.png` (vega-lite → vega SVG → resvg PNG). The folder
 * is written atomically (see {@link writeDirAtomic}).
 */
export async function writeReport(runs: readonly ReportRun[], outDir: string, options: ReportOptions = {}): Promise<ReportOutput> {
  const dir = resolve(outDir);
  const smooth = options.smooth ?? 25;
  const title = options.title ?? 'ampmix report';
  const font = fontOptions({ fontFile: options.fontFile });
  const textInPng = textRenders(font);
  const specs = reportFigures(runs, smooth);
  await writeDirAtomic(dir, REPORT_MARKER, options.flag ?? '--out', async (tmp) => {
    const figures: Figure[] = [];
    for (const f of specs) {
      const svg = await specToSvg(f.spec);
      await writeFile(join(tmp, `${f.stem}.svg`), svg);
      await writeFile(join(tmp, `${f.stem}.png`), svgToPng(svg, font));
      figures.push({ stem: f.stem, caption: f.caption, svg: svg.replace(/^<\?xml[^>]*>\s*/, '') });
    }
    await writeFile(join(tmp, 'index.html'), reportHtml(title, runs, figures));
  });
  return { dir, html: join(dir, 'index.html'), figures: specs.map((s) => s.stem), textInPng };
}

/** The default report folder for `paths`: `report` inside the run folder when there is one, else `./ampmix-report`. */
export function defaultReportDir(paths: readonly string[]): string {
  if (paths.length === 1) {
    const p = paths[0];
    return basename(p).endsWith('.jsonl') ? join(dirname(p), 'report') : join(p, 'report');
  }
  return 'ampmix-report';
}
