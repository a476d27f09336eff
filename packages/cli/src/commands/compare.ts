import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { OptionError } from '@ampmix/core';
import type { ProgressMode } from '@ampmix/trainer';
import type { FlagSpec, FlagValue } from '../flags.js';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import type { RunConfig } from '../config.js';
import { resolveRunConfig } from '../config.js';
import { VARIANT_CHOICES } from '../catalog.js';
import { optionFlags, VARIANTS } from '../catalog.js';
import { COMMON_FLAGS, DATA_FLAGS, METHOD_FLAGS, MODEL_FLAGS, OPTIM_FLAGS, RUN_FLAGS } from '../train-flags.js';
import { checkInputFiles } from '../setup/input-files.js';
import fs from 'node:fs';
import { RUN_FILES } from '../run-dir.js';
import { holdRunDir, releaseRunDir, RunFailure, settleFailedRun } from '../run-folder.js';
import { cliMessage } from '../advice.js';
import type { RunOutcome } from '../run.js';
import { prepareRunInputs, runTraining } from '../run.js';
import { UsageError } from '../usage-error.js';
import { formatCompareTable, summarizeCompare } from '@ampmix/report';
import type { CompareRow } from '@ampmix/report';
import { loadReportRuns, writeReport } from '@ampmix/report';
import { selectBackend } from '../backend.js';
import { RESULTS_FILE, runPairedGrid } from '../comparison/paired-grid.js';

/** Flags of `ampmix compare`: those of `train` except --variant/--amp/--seed/--resume, plus --variants and --seeds. */
export const COMPARE_FLAGS: readonly FlagSpec[] = [
  { name: 'variants', kind: 'string-list', valueName: '<v,v+amp,…>', help: `configurations to compare: ${VARIANT_CHOICES.join(', ')}, each optionally with +amp (required)` },
  { name: 'seeds', kind: 'integer-list', min: 0, max: 0xffffffff, valueName: '<n,n,…>', help: 'seeds; every configuration runs with each', defaultText: '1,2,3' },
  ...DATA_FLAGS,
  ...MODEL_FLAGS,
  ...METHOD_FLAGS.filter((f) => f.name !== 'variant' && f.name !== 'amp'),
  ...OPTIM_FLAGS.filter((f) => f.name !== 'seed'),
  ...RUN_FLAGS,
  { name: 'out', kind: 'path', valueName: '<dir>', help: 'folder for every run (<config>/seed-<n>/), compare.txt, compare.json and report/' },
  ...COMMON_FLAGS,
];

/** `ampmix compare --help`. */
export const COMPARE_HELP: CommandHelp = {
  command: 'ampmix compare',
  summary: 'Train several configurations with the same seeds and print one table of test error: mean ± std over seeds and the relative change of each +amp row against its base.',
  usage: '--variants <v,…> [--seeds <n,…>] (--dataset <name> | --train-file <file>) [flags]',
  flags: COMPARE_FLAGS,
  examples: [
    'ampmix compare --dataset trec --variants word-mixup,word-mixup+amp --seeds 1,2,3',
    'ampmix compare --dataset sst2 --model lstm --variants none,sen-mixup,sen-mixup+amp --epochs 5 --out runs/sst2',
  ],
  notes: ['--epsilon, --no-clip and --reweight apply to the +amp configurations.'],
};

const VARIANT_OPTION_FLAGS = optionFlags(VARIANTS);

/** One configuration of a comparison. */
export interface CompareEntry {
  label: string;
  variant: string;
  amp: boolean;
}

/** Parses `--variants`: names from the variant list, each optionally with `+amp`, no repeats. */
export function parseVariants(items: readonly string[]): CompareEntry[] {
  const seen = new Set<string>();
  return items.map((item) => {
    const amp = item.endsWith('+amp');
    const variant = amp ? item.slice(0, -4) : item;
    if (!VARIANT_CHOICES.includes(variant)) {
      throw new OptionError('--variants', item, `names from ${VARIANT_CHOICES.join(', ')}, each optionally followed by +amp (e.g. word-mixup,word-mixup+amp)`);
    }
    if (seen.has(item)) throw new UsageError(`--variants lists ${item} twice`);
    seen.add(item);
    return { label: item, variant, amp };
  });
}

/** The run config of one configuration and seed (validated like `ampmix train`). */
export function entryConfig(values: Readonly<Record<string, FlagValue>>, entry: CompareEntry, seed: number): RunConfig {
  const v: Record<string, FlagValue> = { ...values, variant: entry.variant, seed };
  delete v.variants;
  delete v.seeds;
  delete v.out;
  if (entry.amp) v.amp = true;
  else for (const k of ['epsilon', 'clip', 'reweight']) delete v[k];
  // a variant's option flag applies to the configurations whose variant takes it
  for (const o of VARIANT_OPTION_FLAGS) if (!o.owners.includes(entry.variant)) delete v[o.flag];
  try {
    return resolveRunConfig(v);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`in --variants ${entry.label}: ${e.message}`);
    throw e;
  }
}

/** Folder name of a configuration: its label with `+` spelled out. */
export function entryDirName(label: string): string {
  return label.replace(/\+/g, '-');
}

/** `ampmix compare`: returns the exit code. */
export async function compareCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, COMPARE_FLAGS, { command: 'ampmix compare' });
  if (values.help) {
    io.out(formatHelp(COMPARE_HELP));
    return 0;
  }
  if (!values.variants) throw new UsageError(`--variants is required: a comma-separated list of ${VARIANT_CHOICES.join(', ')}, each optionally with +amp`);
  const entries = parseVariants(values.variants as string[]);
  const seeds = (values.seeds as number[] | undefined) ?? [1, 2, 3];
  if (new Set(seeds).size !== seeds.length) throw new OptionError('--seeds', seeds.join(','), 'distinct seeds');
  const ampOnly = ['epsilon', 'clip', 'reweight'].filter((k) => values[k] !== undefined);
  if (ampOnly.length && !entries.some((e) => e.amp)) throw new UsageError(`--${ampOnly[0]} applies to +amp configurations; --variants has none`);
  for (const o of VARIANT_OPTION_FLAGS) {
    if (values[o.flag] !== undefined && !entries.some((e) => o.owners.includes(e.variant))) {
      throw new UsageError(`--${o.flag} applies to --variants ${o.owners.join(', ')}; --variants has none of them`);
    }
  }
  const configs = entries.map((e) => seeds.map((s) => entryConfig(values, e, s)));
  await checkInputFiles(configs[0][0]);
  const out = (values.out as string | undefined) ?? null;
  const held = out ? await holdRunDir(out, false, io, 'ampmix compare') : null;
  const secondary: string[] = [];
  try {
    const backend = await selectBackend(values.backend, io);
    await runComparison({ entries, seeds, configs, out: held?.dir ?? null, backend: backend.choice, progress: (values.progress as ProgressMode | undefined) ?? 'auto', io });
  } catch (e) {
    if (!held) throw e;
    const { done, started } = runsUnder(held.dir);
    if (started === 0) {
      const settled = await settleFailedRun(held, e, { lastLogged: 0, checkpoints: [] });
      secondary.push(...settled.secondary);
    }
    releaseRunDir(held, secondary);
    const kept = started > 0 ? `; the runs written so far in ${held.dir} are kept (${done} finished of ${started} started; compare starts afresh: give another --out)` : '';
    throw new RunFailure(e, `${cliMessage(e)}${kept}`, secondary);
  }
  if (held) releaseRunDir(held, secondary);
  for (const line of secondary) io.err(`[ampmix] warning: ${line}`);
  return 0;
}

/** Runs under a compare folder: started (a log) and finished (a summary). */
function runsUnder(dir: string): { done: number; started: number } {
  try {
    const files = fs.readdirSync(dir, { recursive: true }) as string[];
    return { done: files.filter((p) => p.endsWith(RUN_FILES.summary)).length, started: files.filter((p) => p.endsWith(RUN_FILES.log)).length };
  } catch {
    return { done: 0, started: 0 };
  }
}

/** What {@link runComparison} runs: validated configurations × seeds, where to write, how to show progress. */
export interface ComparisonRun {
  entries: readonly CompareEntry[];
  seeds: readonly number[];
  /** Per entry, per seed. */
  configs: readonly (readonly RunConfig[])[];
  /** The compare folder (held by the caller), or `null`. */
  out: string | null;
  backend: string;
  progress: ProgressMode;
  io: CliIO;
}

/**
 * The body of `ampmix compare`: trains every configuration with every seed (data and embeddings loaded
 * once per seed), prints the table, and with `out` writes each run under `<config>/seed-<n>/`, compare.txt,
 * compare.json, a report and the results store `results.jsonl`. The runs go through `@ampmix/sweep`'s grid
 * runner (paired by seed; each recorded as it ends).
 */
export async function runComparison(run: ComparisonRun): Promise<void> {
  const { entries, seeds, configs, out, io, progress } = run;
  const started = performance.now();
  // the configurations differ only in their method: a seed's data and embeddings are loaded once
  let loaded: { seed: number; inputs: Awaited<ReturnType<typeof prepareRunInputs>> } | null = null;
  const total = seeds.length * entries.length;
  let n = 0;
  const grid = await runPairedGrid<RunOutcome>({
    name: 'ampmix-compare',
    // a +amp row is paired with its base row when that row is compared too
    configurations: entries.map((e, i) => ({ id: e.label, params: withoutSeed(configs[i][0]), ...(e.amp && entries.some((b) => b.label === e.variant) ? { baseline: e.variant } : {}) })),
    seeds,
    shared: {},
    store: out ? join(out, RESULTS_FILE) : null,
    train: async (label, seed) => {
      const ei = entries.findIndex((e) => e.label === label);
      const si = seeds.indexOf(seed);
      if (loaded?.seed !== seed) loaded = { seed, inputs: await prepareRunInputs(configs[0][si], io) };
      io.err(`[ampmix] compare: ${label}, seed ${seed} (${++n}/${total})`);
      const dir = out ? join(out, entryDirName(label), `seed-${seed}`) : null;
      const outcome = await runTraining(configs[ei][si], { out: dir, resume: false, checkpoints: false, progress, backend: run.backend, io, inputs: loaded.inputs });
      return { value: outcome, result: { testError: outcome.testError ?? NaN, dir, steps: outcome.result.steps, skippedSteps: outcome.result.skippedSteps } };
    },
  });
  const outcomes = grid.map((runs) => runs.map((r) => r.value));
  const rows = summarizeCompare(entries.map((e, i) => ({ label: e.label, errors: outcomes[i].map((o) => o.testError ?? NaN) })));
  const table = formatCompareTable(rows, [...seeds], `test error (%) — ${describeData(configs[0][0])}, ${configs[0][0].model.name}`);
  io.out(table);
  const seconds = (performance.now() - started) / 1000;
  io.out(`elapsed ${seconds.toFixed(1)} s`);
  if (out) {
    await writeFile(join(out, 'compare.txt'), `${table}\n`);
    await writeFile(join(out, 'compare.json'), `${JSON.stringify(compareJson(rows, [...seeds], outcomes, seconds), null, 2)}\n`);
    const report = await writeReport(await loadReportRuns([out]), join(out, 'report'), { title: `ampmix compare: ${entries.map((e) => e.label).join(' vs ')}` });
    io.out(`report: ${report.html}`);
    if (!report.textInPng) io.err('[ampmix] warning: no font found, the PNG plots have no text (install fonts-dejavu-core or set AMPMIX_FONT=<file.ttf>)');
  }
}

/** A run config as the grid's configuration parameters: the seed is the grid's, not the configuration's. */
function withoutSeed(c: RunConfig): Record<string, unknown> {
  const { seed: _seed, ...optim } = c.optim;
  return JSON.parse(JSON.stringify({ ...c, optim })) as Record<string, unknown>;
}

function describeData(c: RunConfig): string {
  return c.data.dataset ?? c.data.files?.train ?? 'data';
}

function compareJson(rows: CompareRow[], seeds: number[], outcomes: RunOutcome[][], seconds: number) {
  return {
    seeds,
    elapsedSeconds: seconds,
    rows: rows.map((r, i) => ({ ...r, runs: outcomes[i].map((o) => ({ seed: o.config.optim.seed, dir: o.dir, result: o.result })) })),
  };
}
