import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MixMethod } from '@ampmix/core';
import { loadTextDataset } from '@ampmix/text/node';
import type { DatasetName, TextModel, TextSplits } from '@ampmix/text';
import type { CliIO } from '../io.js';
import type { ProgressMode, TrainResult } from '@ampmix/trainer';
import { formatCompareTable, summarizeCompare } from '@ampmix/report';
import type { CompareRow } from '@ampmix/report';
import { recordLambdas } from '@ampmix/report';
import { LAMBDA_FILE, LOG_FILE, loadReportRuns, writeReport } from '@ampmix/report';
import { train } from '@ampmix/trainer/node';
import { headlineTestError } from '../run.js';
import { makeDirs } from '@ampmix/trainer/node';
import { checkReplaceableDir } from '@ampmix/report';
import { RESULTS_FILE, runPairedGrid } from './paired-grid.js';

/** Marks a folder a comparison wrote, so a later run may replace it. */
export const EXAMPLE_MARKER = '.ampmix-example';

/** What every paired text comparison can vary (examples extend it with their model's sizes). */
export interface TextComparisonSettings {
  /** Optimizer steps of each run. */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Dev evaluations every this many steps (model selection: the best-dev model is tested). */
  evalEvery: number;
  /** Random word vectors of this size. */
  embeddingDim: number;
  /** Sentences padded/cut to this many tokens. */
  maxLength: number;
  dropout: number;
  /** Fraction of the training set kept. */
  fraction: number;
  /** Mixup's Beta(α, α). */
  alpha: number;
  /** AMP's step size on λ. */
  epsilon: number;
  /** Each seed trains both configurations. */
  seeds: number[];
}

/** One side of the comparison: its table label, its folder under `out`, and whether AMP is on. */
export interface ComparisonConfig {
  readonly label: string;
  readonly dir: string;
  readonly amp: boolean;
}

/** A paired comparison on a shipped text dataset: a method without and with AMP, same seeds, data and budget. */
export interface TextComparisonSpec<S extends TextComparisonSettings> {
  /** Name in messages, logs and the default output folder, e.g. `trec-cnn-amp`. */
  readonly name: string;
  readonly dataset: DatasetName;
  /** Titles for the table and report, e.g. `TREC`, `Kim CNN`, `WordMixup`; `unit` names the examples (`questions`). */
  readonly titles: { readonly dataset: string; readonly model: string; readonly method: string; readonly unit: string };
  /** The method alone, then with AMP. */
  readonly configs: readonly [ComparisonConfig, ComparisonConfig];
  createModel(data: TextSplits, settings: S, seed: number): TextModel;
  createMethod(settings: S): MixMethod;
}

/** Options of {@link runTextComparison}. */
export interface TextComparisonOptions<S extends TextComparisonSettings> {
  settings: S;
  /** Output folder (replaced when an earlier comparison wrote it; refused when it holds other files). */
  out: string;
  progress: ProgressMode;
  io: CliIO;
  /** Folder of the shipped datasets; default the repository's. */
  dataDir?: string;
}

/** What {@link runTextComparison} returns. */
export interface TextComparisonResult {
  rows: CompareRow[];
  /** Per config, per seed. */
  results: TrainResult[][];
  table: string;
  /** Path of the report's index.html. */
  report: string;
  elapsedMs: number;
}

/** Refuses a folder it did not write, then replaces it with an empty one holding the marker. */
async function prepareOut(out: string): Promise<void> {
  await checkReplaceableDir(out, EXAMPLE_MARKER, '--out');
  await rm(out, { recursive: true, force: true });
  makeDirs(out);
  await writeFile(join(out, EXAMPLE_MARKER), '');
}

async function trainOne<S extends TextComparisonSettings>(spec: TextComparisonSpec<S>, data: TextSplits, s: S, seed: number, c: ComparisonConfig, dir: string, progress: ProgressMode): Promise<TrainResult> {
  const model = spec.createModel(data, s, seed);
  try {
    const recorder = recordLambdas();
    makeDirs(dir);
    const result = await train({
      model,
      train: data.train,
      dev: data.dev,
      test: data.test,
      method: spec.createMethod(s),
      callbacks: { onBatchEnd: recorder.onBatchEnd },
      amp: c.amp ? { epsilon: s.epsilon } : false,
      steps: s.steps,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      evalEvery: s.evalEvery,
      seed,
      logFile: join(dir, LOG_FILE),
      progress,
      config: { label: c.label, example: spec.name, settings: s },
    });
    await writeFile(join(dir, LAMBDA_FILE), JSON.stringify(recorder.histograms));
    return result;
  } finally {
    model.dispose();
  }
}

/**
 * Trains both configurations of `spec` for every seed (same data, plans and initialisation per seed), prints
 * the test errors side by side (best-dev model, mean ± std over seeds, relative change of +AMP), writes the
 * logs, `compare.txt`, an HTML report and the results store `results.jsonl` under `out`, and returns the
 * numbers. The runs go through `@ampmix/sweep`'s grid runner, paired by seed. Expects the backend chosen.
 * The examples `trec-cnn-amp` (the default job) and `sst2-lstm-senmixup` are specs of this.
 */
export async function runTextComparison<S extends TextComparisonSettings>(spec: TextComparisonSpec<S>, options: TextComparisonOptions<S>): Promise<TextComparisonResult> {
  const t0 = performance.now();
  const { settings: s, io, progress } = options;
  const { titles } = spec;
  const out = resolve(options.out);
  await prepareOut(out);
  let loaded: { seed: number; data: TextSplits } | null = null;
  const grid = await runPairedGrid<TrainResult>({
    name: spec.name,
    configurations: spec.configs.map((c, i) => ({ id: c.dir, params: { label: c.label, amp: c.amp }, ...(i > 0 ? { baseline: spec.configs[0].dir } : {}) })),
    seeds: s.seeds,
    shared: { dataset: spec.dataset, settings: { ...s, seeds: undefined } },
    store: join(out, RESULTS_FILE),
    train: async (id, seed) => {
      if (loaded?.seed !== seed) {
        const data = await loadTextDataset(spec.dataset, { seed, maxLength: s.maxLength, fraction: s.fraction, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
        const sum = data.summary;
        io.err(`[${spec.name}] ${titles.dataset}: ${sum.train} train, ${sum.dev} dev, ${sum.test} test ${titles.unit}, vocabulary ${sum.vocabulary}, length ${data.maxLength}`);
        loaded = { seed, data };
      }
      const c = spec.configs.find((x) => x.dir === id)!;
      io.err(`[${spec.name}] ${c.label}, seed ${seed}: ${s.steps} steps`);
      const result = await trainOne(spec, loaded.data, s, seed, c, join(out, c.dir, `seed-${seed}`), progress);
      return { value: result, result: { testError: headlineTestError(result) ?? NaN, bestDev: result.bestDev?.error ?? null, steps: result.steps } };
    },
  });
  const results = grid.map((runs) => runs.map((r) => r.value));
  const rows = summarizeCompare(spec.configs.map((c, i) => ({ label: c.label, errors: results[i].map((r) => headlineTestError(r) ?? NaN) })));
  const table = formatCompareTable(rows, s.seeds, `${titles.dataset} test error (%), ${titles.model}, best-dev model`);
  await writeFile(join(out, 'compare.txt'), `${table}\n`);
  const title = `${titles.dataset}, ${titles.model}: ${titles.method} vs ${titles.method} + AMP`;
  const report = await writeReport(await loadReportRuns([out]), join(out, 'report'), { title, smooth: Math.max(1, Math.round(s.steps / 20)) });
  io.out(table);
  io.out(`report: ${report.html}`);
  return { rows, results, table, report: report.html, elapsedMs: performance.now() - t0 };
}
