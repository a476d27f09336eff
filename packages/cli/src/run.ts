import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AmpOptions } from '@ampmix/core';
import type { ProgressMode, TrainOptions, TrainResult } from '@ampmix/trainer';
import { train } from '@ampmix/trainer/node';
import type { LambdaHistograms } from '@ampmix/report';
import { recordLambdas } from '@ampmix/report';
import { writeFileAtomic } from '@ampmix/report';
import type { RunConfig } from './config.js';
import type { CliIO } from './io.js';
import { loadData } from './setup/data.js';
import { checkLoadedData } from './setup/data-checks.js';
import type { LoadedData } from './setup/data.js';
import { loadEmbeddings } from './setup/embeddings.js';
import type { Embeddings } from './setup/embeddings.js';
import type { DataFingerprint } from './setup/fingerprint.js';
import { buildModel } from './setup/model.js';
import { buildMethod } from './setup/method.js';
import { createRunDir, RUN_FILES } from './run-dir.js';

/** Options of {@link runTraining} besides the run's config. */
export interface RunOptions {
  /** Run folder, or `null` to write nothing. */
  out: string | null;
  resume: boolean;
  /** Write checkpoints into the run folder (default true). */
  checkpoints?: boolean;
  checkpointEvery?: number;
  /** Write the final weights into `<out>/model/` (model.json + weights.bin); default: as `checkpoints`. */
  model?: boolean;
  progress: ProgressMode;
  /** The active tfjs backend choice, recorded in the config. */
  backend: string;
  io: CliIO;
  /** The data and embeddings for this config, already loaded ({@link prepareRunInputs}); default: loaded here. */
  inputs?: RunInputs;
}

/** A run's data and (for text models) embeddings: the same for every run of one seed and data/model flags. */
export interface RunInputs {
  data: LoadedData;
  embeddings: Embeddings | null;
}

/** Loads `config`'s data (split with its seed) and embeddings, and says what it loaded on stderr. */
export async function prepareRunInputs(config: RunConfig, io: CliIO): Promise<RunInputs> {
  const data = await loadData(config.data, config.optim.seed);
  io.err(`[ampmix] data: ${data.summary}`);
  checkLoadedData(data, config.data);
  const embeddings = data.text ? await loadEmbeddings(config.model, data.text.splits, config.data.lenient ?? false) : null;
  if (embeddings) io.err(`[ampmix] embeddings: ${embeddings.note}`);
  return { data, embeddings };
}

/** What a run produced. */
export interface RunOutcome {
  config: RunConfig;
  result: TrainResult;
  /** Test error of the best-dev model (or of the last without dev), or `null` without a test set. */
  testError: number | null;
  /** The run folder, or `null`. */
  dir: string | null;
}

/** The `extra` config the CLI records in logs and checkpoints (read back by `eval` and `--resume`). */
export interface SavedCliConfig {
  label: string;
  cli: RunConfig;
  backend: string;
  vocabulary: { size: number; fingerprint: string } | null;
  /** Content hashes of the text splits and vocabulary (checked by `--resume`), or `null` (images). */
  data?: DataFingerprint | null;
  /** Width of the word embeddings (text models), or `null`. */
  embeddingDim: number | null;
}

/** The AMP options of a run, or `false`. */
export function ampOptions(config: RunConfig): AmpOptions | false {
  const a = config.method.amp;
  if (!a) return false;
  const o: AmpOptions = {};
  if (a.epsilon !== undefined) o.epsilon = a.epsilon;
  if (a.clip !== undefined) o.clip = a.clip;
  if (a.reweight !== undefined) o.reweight = { window: a.reweight };
  return o;
}

/** The best-dev test error when there was a dev set, else the last model's. */
export function headlineTestError(result: TrainResult): number | null {
  return result.testError.bestDev ?? result.testError.last;
}

function mergeHistograms(into: LambdaHistograms, from: LambdaHistograms): void {
  const add = (a: LambdaHistograms['lambda'], b: LambdaHistograms['lambda']) => {
    if (a.counts.length !== b.counts.length) return;
    b.counts.forEach((c, i) => (a.counts[i] += c));
    a.below += b.below;
    a.above += b.above;
  };
  into.steps += from.steps;
  add(into.lambda, from.lambda);
  add(into.lambdaPrime, from.lambdaPrime);
}

/**
 * Loads the data, builds model and method, and trains one run (see {@link train}); with `out`, writes the
 * run folder: `log.jsonl`, `checkpoint/`, `model/` (the final weights), `lambda-hist.json` and, last,
 * `summary.json` (whose `model` names `model/`). It never removes
 * anything: what a failed run leaves is for its caller to settle (`settleFailedRun`). The model is
 * disposed at the end.
 */
export async function runTraining(config: RunConfig, options: RunOptions): Promise<RunOutcome> {
  const { io, out } = options;
  const { data, embeddings } = options.inputs ?? (await prepareRunInputs(config, io));
  const model = buildModel(config.model, data, config.optim.seed, embeddings);
  try {
    const base = buildMethod(config.method);
    const recorder = base ? recordLambdas() : null;
    const saved: SavedCliConfig = {
      label: config.label,
      cli: config,
      backend: options.backend,
      vocabulary: data.text ? { size: data.text.splits.vocab.size, fingerprint: data.text.fingerprint } : null,
      data: data.text?.hashes ?? null,
      embeddingDim: embeddings?.dim ?? null,
    };
    const o = config.optim;
    const trainOptions: TrainOptions<unknown> = {
      model,
      train: data.train,
      method: base,
      amp: ampOptions(config),
      seed: o.seed,
      progress: options.progress,
      config: saved as unknown as Record<string, unknown>,
    };
    if (recorder) trainOptions.callbacks = { onBatchEnd: recorder.onBatchEnd };
    if (data.dev) trainOptions.dev = data.dev;
    if (data.test) trainOptions.test = data.test;
    if (config.method.loss) trainOptions.loss = config.method.loss;
    if (o.steps !== undefined) trainOptions.steps = o.steps;
    if (o.epochs !== undefined) trainOptions.epochs = o.epochs;
    if (o.batchSize !== undefined) trainOptions.batchSize = o.batchSize;
    if (o.lr !== undefined) trainOptions.learningRate = o.lr;
    if (o.clipNorm !== undefined) trainOptions.clipNorm = o.clipNorm;
    if (o.evalEvery !== undefined) trainOptions.evalEvery = o.evalEvery;
    if (o.patience !== undefined) trainOptions.earlyStopping = { patience: o.patience };
    if (o.maxNonFinite !== undefined) trainOptions.maxNonFiniteSteps = o.maxNonFinite;
    if (out) {
      trainOptions.logFile = join(out, RUN_FILES.log);
      if (options.checkpoints ?? true) {
        trainOptions.checkpointDir = join(out, RUN_FILES.checkpoint);
        trainOptions.resume = options.resume;
        if (options.checkpointEvery !== undefined) trainOptions.checkpointEvery = options.checkpointEvery;
      }
      if (options.model ?? options.checkpoints ?? true) trainOptions.modelDir = join(out, RUN_FILES.model);
      if (!options.resume) await createRunDir(out);
    }
    const result = await train(trainOptions);
    if (out) {
      if (recorder) {
        const hist = recorder.histograms;
        if (options.resume) {
          const before = await readFile(join(out, RUN_FILES.lambda), 'utf8').then((t) => JSON.parse(t) as LambdaHistograms, () => null);
          if (before) mergeHistograms(hist, before);
        }
        await writeFileAtomic(join(out, RUN_FILES.lambda), JSON.stringify(hist));
      }
      const model = result.savedModel ? { path: RUN_FILES.model, weights: result.savedModel.weights, step: result.savedModel.step } : null;
      const summary = { label: config.label, seed: o.seed, backend: options.backend, testError: headlineTestError(result), model, result, config };
      await writeFileAtomic(join(out, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    }
    return { config, result, testError: headlineTestError(result), dir: out };
  } finally {
    model.dispose();
  }
}

