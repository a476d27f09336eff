import type { FlagSpec } from '../flags.js';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import { COMMON_FLAGS } from '../train-flags.js';
import { checkInputPath } from '../setup/input-files.js';
import { checkWritableDir } from '../run-dir.js';
import { UsageError } from '../usage-error.js';
import { defaultReportDir, loadReportRuns, writeReport } from '@ampmix/report';

/** Flags of `ampmix report`. */
export const REPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'out', kind: 'path', valueName: '<dir>', help: 'report folder (index.html, *.svg, *.png)', defaultText: '<run>/report for one run, else ./ampmix-report' },
  { name: 'title', kind: 'string', valueName: '<text>', help: 'page title', defaultText: 'ampmix report' },
  { name: 'smooth', kind: 'integer', min: 1, valueName: '<steps>', help: 'moving-average window of the per-step curves', defaultText: '25' },
  { name: 'font', kind: 'path', valueName: '<file.ttf>', help: 'font file for the PNG text', defaultText: 'system fonts, or AMPMIX_FONT' },
  ...COMMON_FLAGS,
];

/** `ampmix report --help`. */
export const REPORT_HELP: CommandHelp = {
  command: 'ampmix report',
  summary:
    "Make an HTML page with SVG and PNG plots from run logs: training loss (Mixup vs +AMP, the under-fitting view), dev error, λ and λ' histograms, AMP mask rate and |λ' − λ|.",
  usage: '<run-folder | log.jsonl | compare-folder>... [flags]',
  flags: REPORT_FLAGS,
  examples: ['ampmix report runs/trec-mixup runs/trec-amp --out runs/trec-report', 'ampmix report runs/compare-trec'],
  notes: ['PNG text needs a font: resvg loads the system fonts (Debian: fonts-dejavu-core); or pass --font / set AMPMIX_FONT.'],
};

/** `ampmix report`: returns the exit code. */
export async function reportCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, REPORT_FLAGS, { command: 'ampmix report', maxPositionals: 1000 });
  if (values.help) {
    io.out(formatHelp(REPORT_HELP));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('ampmix report needs at least one run folder, log.jsonl or compare folder');
  const font = values.font as string | undefined;
  if (font) await checkInputPath('--font', font);
  const out = (values.out as string | undefined) ?? defaultReportDir(positionals);
  await checkWritableDir('--out', out);
  const runs = await loadReportRuns(positionals);
  const report = await writeReport(runs, out, {
    title: values.title as string | undefined,
    smooth: values.smooth as number | undefined,
    fontFile: font,
  });
  if (!report.textInPng) io.err('[ampmix] warning: no font found, the PNG plots have no text (install fonts-dejavu-core or pass --font <file.ttf>)');
  io.out(`report of ${runs.length} run${runs.length === 1 ? '' : 's'}: ${report.html} (${report.figures.length} figures, SVG and PNG)`);
  return 0;
}
