import * as tf from '@tensorflow/tfjs';
import type { AmpOptions, Dataset, MixMethod, ResolvedAmpOptions } from '@ampmix/core';
import { booleanOption, integerAtLeast, noUnknownKeys, numberInRange, OptionError, resolveAmpOptions } from '@ampmix/core';
import type { FitCallbacks, YieldEvery } from './callbacks.js';
import type { WrapLayersModelOptions } from './wrap.js';

/** Options of {@link fitMixup}: `model.fit`'s, plus the mixing method and AMP. */
export interface FitMixupOptions {
  /** The mixing method (`inputMixup()`, `manifoldMixup()`, `cutMix()`, or your own `MixMethod`). Default none: plain training. */
  method?: MixMethod | null;
  /** AMP (Liu et al., EMNLP 2021): `true` or options (`{ epsilon: 0.002 }`, …) to turn it on; default off. Needs a `method`. */
  amp?: boolean | AmpOptions;
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Epoch to start counting from (as in `model.fit`). Default 0. */
  initialEpoch?: number;
  /** Examples per step (tensor or core-dataset input). Default 32. */
  batchSize?: number;
  /** Held-out data evaluated after each epoch (`val_loss`, `val_acc`): `[x, y]`, a core `Dataset` or a `tf.data.Dataset`. */
  validationData?: [tf.Tensor, tf.Tensor] | Dataset<tf.Tensor> | tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
  /** Fraction of the examples (the last ones, before shuffling, as Keras does) held out for validation. Default 0. */
  validationSplit?: number;
  /** Batch size of the validation pass. Default `batchSize`. */
  validationBatchSize?: number;
  /** Shuffle the training examples each epoch (seeded). Default true. Ignored for a `tf.data.Dataset`. */
  shuffle?: boolean;
  /** tfjs callbacks: `tf.callbacks.earlyStopping(...)`, `new tf.CustomCallback({...})`, `{ onEpochEnd, … }`, or an array. */
  callbacks?: FitCallbacks;
  /** 0: silent; 1 (default): one line per epoch with the logs, as Keras prints them. */
  verbose?: 0 | 1;
  /** Where `verbose` lines go. Default `console.log`. */
  print?: (line: string) => void;
  /** Seed of the shuffling, plans and dropout masks: the same seed gives the same run. Default 0. */
  seed?: number;
  /** Loss: default the one `model.compile` set (`categoricalCrossentropy` / `sparseCategoricalCrossentropy`), else `softmax-ce`. */
  loss?: string;
  /** Optimizer: default the one `model.compile` set. A `tf.Optimizer` or a name (`adam`, `sgd`, `rmsprop`, `adagrad`, `adadelta`, `adamax`). */
  optimizer?: tf.Optimizer | string;
  /** Mix sites the model offers (passed to `wrapLayersModel`). Default `'all'`. */
  sites?: WrapLayersModelOptions['sites'];
  /** Steps per epoch for a `tf.data.Dataset` input. Default: until the dataset ends. */
  batchesPerEpoch?: number;
  /** How often hook callbacks yield to the event loop (as in `model.fit`). Default `'auto'`. */
  yieldEvery?: YieldEvery;
}

/** {@link FitMixupOptions} validated and defaulted. */
export interface ResolvedFitOptions {
  method: MixMethod | null;
  amp: ResolvedAmpOptions | null;
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  validationBatchSize: number;
  validationSplit: number;
  shuffle: boolean;
  verbose: 0 | 1;
  print: (line: string) => void;
  seed: number;
  batchesPerEpoch: number | null;
  yieldEvery: YieldEvery;
}

const KEYS = [
  'method', 'amp', 'epochs', 'initialEpoch', 'batchSize', 'validationData', 'validationSplit', 'validationBatchSize', 'shuffle',
  'callbacks', 'verbose', 'print', 'seed', 'loss', 'optimizer', 'sites', 'batchesPerEpoch', 'yieldEvery',
];

/** Validates and defaults the scalar options of {@link fitMixup}; messages name the option, the value and the range. */
export function resolveFitOptions(options: FitMixupOptions): ResolvedFitOptions {
  noUnknownKeys('fitMixup', options, KEYS);
  const method = options.method ?? null;
  if (method !== null && (typeof method !== 'object' || typeof method.policy?.plan !== 'function' || typeof method.mixer?.mix !== 'function')) {
    throw new OptionError('method', method, 'a MixMethod ({ name, policy, mixer }, e.g. inputMixup()) or null');
  }
  const ampOption = options.amp ?? false;
  const amp = ampOption === false ? null : resolveAmpOptions(ampOption === true ? {} : ampOption);
  if (amp && !method) throw new OptionError('amp', options.amp, 'false when no method is given (AMP perturbs the mix of a method)');
  const epochs = integerAtLeast('epochs', options.epochs ?? 1, 1);
  const initialEpoch = integerAtLeast('initialEpoch', options.initialEpoch ?? 0, 0, epochs - 1);
  const batchSize = integerAtLeast('batchSize', options.batchSize ?? 32, 1);
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1) throw new OptionError('verbose', verbose, '0 or 1');
  if (options.print !== undefined && typeof options.print !== 'function') throw new OptionError('print', typeof options.print, 'a function (line: string) => void');
  const yieldEvery = options.yieldEvery ?? 'auto';
  if (!(['auto', 'batch', 'epoch', 'never'].includes(yieldEvery as string) || (typeof yieldEvery === 'number' && yieldEvery >= 0))) {
    throw new OptionError('yieldEvery', yieldEvery, '"auto", "batch", "epoch", "never" or a number of milliseconds ≥ 0');
  }
  return {
    method,
    amp,
    epochs,
    initialEpoch,
    batchSize,
    validationBatchSize: integerAtLeast('validationBatchSize', options.validationBatchSize ?? batchSize, 1),
    validationSplit: numberInRange('validationSplit', options.validationSplit ?? 0, 0, 0.99),
    shuffle: booleanOption('shuffle', options.shuffle ?? true),
    verbose,
    print: options.print ?? ((line: string) => console.log(line)),
    seed: integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff),
    batchesPerEpoch: options.batchesPerEpoch === undefined ? null : integerAtLeast('batchesPerEpoch', options.batchesPerEpoch, 1),
    yieldEvery,
  };
}

const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.01),
  adam: () => tf.train.adam(0.001),
  rmsprop: () => tf.train.rmsprop(0.001),
  adagrad: () => tf.train.adagrad(0.01),
  adadelta: () => tf.train.adadelta(1),
  adamax: () => tf.train.adamax(0.002),
};

/**
 * The optimizer `fitMixup` steps with: `option` (an instance, or a name built with Keras's default learning rate),
 * else `model.optimizer` from `model.compile`. `owned` is true when it was built here (and is disposed after fit).
 */
export function resolveOptimizer(model: tf.LayersModel, option: unknown): { optimizer: tf.Optimizer; owned: boolean } {
  const given = option ?? model.optimizer ?? undefined;
  if (given != null && typeof given === 'object' && typeof (given as tf.Optimizer).applyGradients === 'function') return { optimizer: given as tf.Optimizer, owned: false };
  if (typeof given === 'string' && given.toLowerCase() in OPTIMIZERS) return { optimizer: OPTIMIZERS[given.toLowerCase()](), owned: true };
  throw new OptionError(
    'optimizer',
    given,
    `a tf.Optimizer or one of ${Object.keys(OPTIMIZERS).map((k) => JSON.stringify(k)).join(', ')} (or call model.compile({ optimizer, loss }) first)`,
  );
}
