import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createKimCnn, loadTextDataset, wordMixup } from '@ampmix/sentence-mixup';
import type { TextSplits } from '@ampmix/sentence-mixup';
import { formatCompareTable, LAMBDA_FILE, loadReportRuns, LOG_FILE, recordLambdas, summarizeCompare, train, writeReport } from '@ampmix/trainer';
import type { CliIO, CompareRow, ProgressMode, TrainResult } from '@ampmix/trainer';
import type { TrecSettings } from './settings.js';

/** Marks a folder this example wrote, so a later run may replace it. */
export const EXAMPLE_MARKER = '.ampmix-example';

/** The two configurations: WordMixup (Guo et al. 2019) and WordMixup + AMP (Liu et al. 2021). */
export const CONFIGS = [
  { label: 'word-mixup', dir: 'word-mixup', amp: false },
  { label: 'word-mixup+amp', dir: 'word-mixup-amp', amp: true },
] as const;

/** Options of {@link runTrecCnnAmp}. */
export interface TrecRunOptions {
  settings: TrecSettings;
  /** Output folder (replaced when an earlier run of this example wrote it). */
  out: string;
  progress: ProgressMode;
  io: CliIO;
  /** Folder of the shipped datasets; default the repository's. */
  dataDir?: string;
}

/** What {@link runTrecCnnAmp} returns. */
export interface TrecRunResult {
  rows: CompareRow[];
  results: TrainResult[][];
  table: string;
  report: string;
  elapsedMs: number;
}

async function prepareOut(out: string): Promise<void> {
  const entries = await readdir(out).catch(() => null);
  if (entries && entries.length > 0) {
    if (!entries.includes(EXAMPLE_MARKER)) throw new Error(`--out ${out} exists and holds other files; choose a new or empty folder`);
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
  await writeFile(join(out, EXAMPLE_MARKER), '');
}

async function trainOne(data: TextSplits, s: TrecSettings, seed: number, amp: boolean, label: string, dir: string, progress: ProgressMode): Promise<TrainResult> {
  const model = createKimCnn({
    vocabSize: data.vocab.size,
    numClasses: data.numClasses,
    maxLength: data.maxLength,
    embeddingDim: s.embeddingDim,
    numFilters: s.numFilters,
    filterSizes: s.filterSizes,
    dropout: s.dropout,
    seed,
  });
  try {
    const recorder = recordLambdas(wordMixup({ alpha: s.alpha }));
    await mkdir(dir, { recursive: true });
    const result = await train({
      model,
      train: data.train,
      dev: data.dev,
      test: data.test,
      method: recorder.method,
      amp: amp ? { epsilon: s.epsilon } : false,
      steps: s.steps,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      evalEvery: s.evalEvery,
      seed,
      logFile: join(dir, LOG_FILE),
      progress,
      config: { label, example: 'trec-cnn-amp', settings: s },
    });
    await writeFile(join(dir, LAMBDA_FILE), JSON.stringify(recorder.histograms));
    return result;
  } finally {
    model.dispose();
  }
}

/**
 * The default job: TREC (6 classes), Kim CNN, WordMixup vs WordMixup + AMP, both trained with the same
 * seeds, data and budget; prints the test errors side by side (best-dev model), writes the logs and an
 * HTML report under `out`, and returns the numbers. Expects the backend to be chosen already.
 */
export async function runTrecCnnAmp(options: TrecRunOptions): Promise<TrecRunResult> {
  const t0 = performance.now();
  const { settings: s, io, progress } = options;
  const out = resolve(options.out);
  await prepareOut(out);
  const results: TrainResult[][] = CONFIGS.map(() => []);
  for (const seed of s.seeds) {
    const data = await loadTextDataset('trec', { seed, maxLength: s.maxLength, fraction: s.fraction, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    io.err(`[trec-cnn-amp] TREC: ${data.summary.train} train, ${data.summary.dev} dev, ${data.summary.test} test questions, vocabulary ${data.summary.vocabulary}, length ${data.maxLength}`);
    for (const [i, c] of CONFIGS.entries()) {
      io.err(`[trec-cnn-amp] ${c.label}, seed ${seed}: ${s.steps} steps`);
      results[i].push(await trainOne(data, s, seed, c.amp, c.label, join(out, c.dir, `seed-${seed}`), progress));
    }
  }
  const rows = summarizeCompare(CONFIGS.map((c, i) => ({ label: c.label, errors: results[i].map((r) => r.testError.bestDev ?? r.testError.last ?? NaN) })));
  const table = formatCompareTable(rows, s.seeds, 'TREC test error (%), Kim CNN, best-dev model');
  await writeFile(join(out, 'compare.txt'), `${table}\n`);
  const report = await writeReport(await loadReportRuns([out]), join(out, 'report'), { title: 'TREC, Kim CNN: WordMixup vs WordMixup + AMP', smooth: Math.max(1, Math.round(s.steps / 20)) });
  const elapsedMs = performance.now() - t0;
  io.out(table);
  io.out(`report: ${report.html}`);
  return { rows, results, table, report: report.html, elapsedMs };
}
