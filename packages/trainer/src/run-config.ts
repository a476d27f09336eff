import * as tf from '@tensorflow/tfjs';
import pkg from '../package.json';
import type { ResolvedTrainOptions } from './options.js';

/** This package's version, recorded in logs and checkpoints. */
export const TRAINER_VERSION: string = pkg.version;

/**
 * The configuration of a run as plain JSON, recorded as the first JSONL line and in every checkpoint:
 * seed, backend, versions, the resolved options, dataset sizes, weight shapes, and the caller's own
 * `config` under `extra`.
 */
export function runConfig<I>(o: ResolvedTrainOptions<I>): Record<string, unknown> {
  return {
    seed: o.seed,
    backend: tf.getBackend(),
    versions: { trainer: TRAINER_VERSION, tfjs: tf.version.tfjs, node: typeof process === "undefined" ? null : process.version },
    method: o.method ? { name: o.method.name, policy: o.method.policy.name, mixer: o.method.mixer.name } : null,
    amp: o.amp,
    loss: o.loss,
    batchSize: o.batchSize,
    dropLast: o.dropLast,
    totalSteps: o.totalSteps,
    stepsPerEpoch: o.stepsPerEpoch,
    learningRate: o.learningRate,
    clipNorm: o.clipNorm,
    evalEvery: o.evalEvery,
    checkpointEvery: o.checkpointEvery,
    earlyStopping: o.patience === null ? null : { patience: o.patience },
    maxNonFiniteSteps: o.maxNonFiniteSteps,
    data: { train: o.train.size, dev: o.dev?.size ?? null, test: o.test?.size ?? null, numClasses: o.model.numClasses },
    weights: Object.fromEntries(Object.entries(o.model.weights).map(([k, w]) => [k, w.shape])),
    extra: o.config,
  };
}
