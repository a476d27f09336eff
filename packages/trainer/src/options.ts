import type { AmpOptions, Dataset, InertAmpReport, LossName, MixableModel, MixMethod, MixStepStats, ResolvedAmpOptions } from '@ampmix/core';
import {
  OptionError,
  ShapeError,
  booleanOption,
  checkClassIndices,
  integerAtLeast,
  noUnknownKeys,
  nonNegativeNumber,
  oneOf,
  positiveNumber,
  resolveAmpSetting,
  resolveLossName,
} from '@ampmix/core';

/** Progress display: a bar on a TTY, plain periodic lines otherwise (`auto`), or nothing. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** Options of {@link train}. Only `model` and `train` are required. */
export interface TrainOptions<I> {
  /** The model to train (its weights are updated in place; it holds the best-dev weights at the end). */
  model: MixableModel<I>;
  /** Training set. */
  train: Dataset<I>;
  /** Development set: model selection (the best-dev weights are kept) and early stopping. */
  dev?: Dataset<I>;
  /** Test set: reported for the best-dev and the last model, never used for selection. */
  test?: Dataset<I>;
  /** Mixing method (policy + mixer); `null`/omitted trains without mixing. */
  method?: MixMethod | null;
  /** AMP options (raw, or `resolveAmpOptions`'s result), or `false`/`null` (default) for no AMP. Needs a `method`. */
  amp?: AmpOptions | ResolvedAmpOptions | false | null;
  /** Per-example loss; default `softmax-ce`. */
  loss?: LossName;
  /** Total optimizer steps (default: one epoch when `epochs` is also unset). Not with `epochs`. */
  steps?: number;
  /** Number of epochs, an alternative to `steps`. */
  epochs?: number;
  /** Examples per batch; default 50. */
  batchSize?: number;
  /** Drop the last partial batch of each epoch; default false (kept). */
  dropLast?: boolean;
  /** Adam learning rate; default 2e-4 (the AMP reference code's). */
  learningRate?: number;
  /**
   * Weights updated by a lazy (row-sparse) Adam, e.g. `['embedding']`: only the rows with a gradient move
   * (the `lazy` option of {@link Adam}; changes training, measured in docs/PERFORMANCE.md). Default none (dense
   * Adam). Either way, the gradient of a weight the model lists in `rowLookups` (the text models' `embedding`)
   * is computed row-sparse (core's `mixStep` `sparseGradients`): the dense [rows, D] gradient is never formed.
   */
  lazyAdam?: readonly string[];
  /** Global gradient-norm clipping threshold; default 10; 0 turns clipping off. */
  clipNorm?: number;
  /** Steps between dev evaluations; default once per epoch. The last step is always evaluated. */
  evalEvery?: number;
  /** Seed of the run's generator (data order, dropout, plans); default 0. */
  seed?: number;
  /** Hooks called during training (awaited). */
  callbacks?: TrainCallbacks;
  /** JSONL log path: a config line, every step, evaluations, a final result line. */
  logFile?: string;
  /** Directory for checkpoints (written atomically, verified on load). */
  checkpointDir?: string;
  /**
   * Folder the final model's weights are written to at the end of a successful run: `model.json` +
   * `weights.bin` in tfjs's weights format (see `saveWeights`), the weights the model holds when `train`
   * returns — the best-dev ones with a dev set, else the last. `train` of `@ampmix/trainer/node` only.
   */
  modelDir?: string;
  /** Steps between checkpoints; default at each evaluation (every `evalEvery` steps) and at the end. */
  checkpointEvery?: number;
  /** Continue the run saved in `checkpointDir` (starts fresh when it holds no checkpoint). */
  resume?: boolean;
  /** Stop after `patience` evaluations without dev improvement. Needs `dev`. */
  earlyStopping?: { patience: number };
  /** Progress display on stderr; default `auto`. `none` silences progress only: warnings are always printed on stderr. */
  progress?: ProgressMode;
  /** Extra configuration recorded in logs and checkpoints (plain JSON values). */
  config?: Record<string, unknown>;
  /** Per-example input shape handed to the policy; default each batch's own `inputs.shape.slice(1)` when inputs are a tensor. */
  inputShape?: number[];
  /** Stop with an error after this many non-finite steps in a row; default 10. */
  maxNonFiniteSteps?: number;
}

/** The per-example mixing of one step, as the engine used it (plain data, already on the CPU). */
export interface StepMixing {
  /** The plan's λ per example; null for a step without mixing. */
  readonly lambda: Float32Array | null;
  /** AMP's λ' per example (before the mask's choice); null without AMP. */
  readonly lambdaPrime: Float32Array | null;
  /** The mixer's `lambdaResolution(plan)` (smallest |Δλ| that changes the mix); null for a continuous mix or without AMP. */
  readonly lambdaResolution?: Float64Array | null;
  /** AMP's per-example weights w_i (1 without re-weighting); null/absent without AMP. */
  readonly weight?: Float32Array | null;
  /** AMP's per-example d = ℓ'_i − ℓ_i as the mask used it (`details.lossDelta`); null/absent without AMP. */
  readonly lossDelta?: Float32Array | null;
}

/** Hooks of {@link train}; each may return a promise, which is awaited. */
export interface TrainCallbacks {
  /** Before the first step (after a resume, `totalSteps` is still the whole run's). */
  onTrainBegin?(info: { totalSteps: number }): void | Promise<void>;
  /** After each step (`step` counts from 1), with the AMP engine's statistics and the step's per-example λ and λ'. */
  onBatchEnd?(step: number, stats: MixStepStats, mixing: StepMixing): void | Promise<void>;
  /** After each dev evaluation; `best` is true when this evaluation became the best so far. */
  onEvalEnd?(step: number, result: { devError: number; devLoss: number; best: boolean }): void | Promise<void>;
  /** After training and the final test evaluations. */
  onTrainEnd?(result: TrainResult): void | Promise<void>;
}

/** What {@link train} returns. Error rates are in [0, 1]. */
export interface TrainResult {
  /** Steps done in the whole run (including those before a resume). */
  steps: number;
  /** Training time of the whole run in ms (including time before a resume). */
  elapsedMs: number;
  /** The best dev evaluation (lowest error; ties broken by lower dev loss), or `null` without dev. */
  bestDev: { step: number; error: number } | null;
  /** Test error of the best-dev model and of the last model (`null` without a test set / dev set). */
  testError: { bestDev: number | null; last: number | null };
  /** Dev error of the last evaluation, or `null`. */
  lastDevError: number | null;
  /** Non-finite steps skipped in the whole run. */
  skippedSteps: number;
  /**
   * Set when AMP did nothing for a run of steps (|Δλ| below the mixer's resolution, or a mask rate of 0; see
   * `createInertAmpMonitor`): the warning printed once on stderr, `step` being the run's step. Null otherwise and
   * without AMP.
   */
  inertAmp: InertAmpReport | null;
  /** Where the final weights were saved (`modelDir`), which ones and from which step; absent without `modelDir`. */
  savedModel?: SavedModel;
}

/** The final weights a run saved in its `modelDir`. */
export interface SavedModel {
  /** The folder (`modelDir`) holding `model.json` and `weights.bin`. */
  path: string;
  /** `best-dev` when a dev set selected them, `last` otherwise. */
  weights: 'best-dev' | 'last';
  /** The step after which the model had these weights. */
  step: number;
}

/** {@link TrainOptions} validated, with defaults filled in and derived counts. */
export interface ResolvedTrainOptions<I> {
  readonly model: MixableModel<I>;
  readonly train: Dataset<I>;
  readonly dev: Dataset<I> | null;
  readonly test: Dataset<I> | null;
  readonly method: MixMethod | null;
  readonly amp: ResolvedAmpOptions | null;
  readonly loss: LossName;
  readonly batchSize: number;
  readonly dropLast: boolean;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly learningRate: number;
  readonly lazyAdam: readonly string[];
  readonly clipNorm: number;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
  readonly seed: number;
  readonly callbacks: TrainCallbacks;
  readonly logFile: string | null;
  readonly checkpointDir: string | null;
  readonly modelDir: string | null;
  readonly resume: boolean;
  readonly patience: number | null;
  readonly progress: ProgressMode;
  readonly config: Record<string, unknown>;
  readonly inputShape: number[] | null;
  readonly maxNonFiniteSteps: number;
}

const KNOWN = [
  'model', 'train', 'dev', 'test', 'method', 'amp', 'loss', 'steps', 'epochs', 'batchSize', 'dropLast',
  'learningRate', 'lazyAdam', 'clipNorm', 'evalEvery', 'seed', 'callbacks', 'logFile', 'checkpointDir', 'modelDir', 'checkpointEvery',
  'resume', 'earlyStopping', 'progress', 'config', 'inputShape', 'maxNonFiniteSteps',
] as const;

const CALLBACKS = ['onTrainBegin', 'onBatchEnd', 'onEvalEnd', 'onTrainEnd'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDataset(option: string, data: unknown, numClasses: number): void {
  if (!isObject(data) || typeof data.batch !== 'function' || !(data.labels instanceof Int32Array)) {
    throw new OptionError(option, data, 'a Dataset (size, numClasses, labels: Int32Array, batch(indices))');
  }
  integerAtLeast(`${option}.size`, data.size, 1);
  if (data.labels.length !== data.size) {
    throw new ShapeError(`${option}.labels holds ${data.labels.length} labels but ${option}.size is ${String(data.size)}`);
  }
  if (data.numClasses !== numClasses) {
    throw new ShapeError(`${option} has ${String(data.numClasses)} classes but the model outputs ${numClasses}`);
  }
  checkClassIndices(`${option}.labels`, data.labels, numClasses);
}

function optionalPath(option: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length === 0) throw new OptionError(option, value, 'a non-empty path string');
  return value;
}

/** Validates {@link TrainOptions} and fills in defaults; messages name the option, the value and the valid range. */
export function resolveTrainOptions<I>(options: TrainOptions<I>): ResolvedTrainOptions<I> {
  if (!isObject(options)) throw new OptionError('train options', options, 'an options object');
  noUnknownKeys('train', options, KNOWN);
  const { model } = options;
  if (!isObject(model) || typeof model.forward !== 'function' || !isObject(model.weights) || !Array.isArray(model.sites)) {
    throw new OptionError('model', model, 'a MixableModel (sites, numClasses, weights, forward, batchSize)');
  }
  integerAtLeast('model.numClasses', model.numClasses, 1);
  checkDataset('train', options.train, model.numClasses);
  if (options.dev !== undefined) checkDataset('dev', options.dev, model.numClasses);
  if (options.test !== undefined) checkDataset('test', options.test, model.numClasses);

  const method = options.method ?? null;
  if (method !== null && (!isObject(method) || !isObject(method.policy) || typeof method.policy.plan !== 'function' || !isObject(method.mixer) || typeof method.mixer.mix !== 'function')) {
    throw new OptionError('method', method, 'null or a MixMethod { name, policy: { plan }, mixer: { mix } }');
  }
  const ampOption = options.amp ?? false;
  const amp = resolveAmpSetting(ampOption, 'amp', method?.ampDefaults ?? {});
  if (amp && !method) throw new OptionError('amp', ampOption, 'false when no mixing method is given (AMP perturbs the mixing coefficient λ)');
  const loss = resolveLossName(options.loss ?? 'softmax-ce');

  const batchSize = integerAtLeast('batchSize', options.batchSize ?? 50, 1);
  const dropLast = booleanOption('dropLast', options.dropLast ?? false);
  const n = options.train.size;
  const stepsPerEpoch = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  if (stepsPerEpoch < 1) throw new OptionError('batchSize', batchSize, `an integer in [1, ${n}] (the training set size) when dropLast is true`);
  if (options.steps !== undefined && options.epochs !== undefined) {
    throw new OptionError('steps', options.steps, 'undefined when epochs is given (give steps or epochs, not both)');
  }
  let totalSteps = stepsPerEpoch;
  if (options.steps !== undefined) totalSteps = integerAtLeast('steps', options.steps, 1);
  if (options.epochs !== undefined) totalSteps = integerAtLeast('epochs', options.epochs, 1) * stepsPerEpoch;

  const learningRate = positiveNumber('learningRate', options.learningRate ?? 2e-4);
  const lazyAdam = options.lazyAdam ?? [];
  if (!Array.isArray(lazyAdam) || !lazyAdam.every((n) => typeof n === 'string' && n in model.weights)) {
    throw new OptionError('lazyAdam', lazyAdam, `an array of the model's weight names (${Object.keys(model.weights).join(', ')})`);
  }
  const clipNorm = nonNegativeNumber('clipNorm', options.clipNorm ?? 10);
  const evalEvery = integerAtLeast('evalEvery', options.evalEvery ?? stepsPerEpoch, 1);
  const checkpointEvery = integerAtLeast('checkpointEvery', options.checkpointEvery ?? evalEvery, 1);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);

  const callbacks = options.callbacks ?? {};
  if (!isObject(callbacks)) throw new OptionError('callbacks', callbacks, 'an object of callback functions');
  noUnknownKeys('callbacks', callbacks, CALLBACKS);
  for (const k of CALLBACKS) {
    if (callbacks[k] !== undefined && typeof callbacks[k] !== 'function') throw new OptionError(`callbacks.${k}`, callbacks[k], 'a function');
  }

  const logFile = optionalPath('logFile', options.logFile);
  const checkpointDir = optionalPath('checkpointDir', options.checkpointDir);
  const modelDir = optionalPath('modelDir', options.modelDir);
  const resume = booleanOption('resume', options.resume ?? false);
  if (resume && !checkpointDir) throw new OptionError('resume', resume, 'false unless checkpointDir is given');

  let patience: number | null = null;
  if (options.earlyStopping !== undefined) {
    if (!isObject(options.earlyStopping)) throw new OptionError('earlyStopping', options.earlyStopping, '{ patience: integer ≥ 1 }');
    noUnknownKeys('earlyStopping', options.earlyStopping, ['patience']);
    patience = integerAtLeast('earlyStopping.patience', options.earlyStopping.patience, 1);
    if (!options.dev) throw new OptionError('earlyStopping', options.earlyStopping, 'undefined unless a dev set is given');
  }
  const progress = oneOf('progress', options.progress ?? 'auto', ['auto', 'bar', 'lines', 'none'] as const);
  const config = options.config ?? {};
  if (!isObject(config)) throw new OptionError('config', config, 'a plain object of JSON values');
  let inputShape: number[] | null = null;
  if (options.inputShape !== undefined) {
    if (!Array.isArray(options.inputShape)) throw new OptionError('inputShape', options.inputShape, 'an array of integers ≥ 1');
    inputShape = options.inputShape.map((d, i) => integerAtLeast(`inputShape[${i}]`, d, 1));
  }
  const maxNonFiniteSteps = integerAtLeast('maxNonFiniteSteps', options.maxNonFiniteSteps ?? 10, 1);

  return {
    model, train: options.train, dev: options.dev ?? null, test: options.test ?? null, method, amp, loss,
    batchSize, dropLast, stepsPerEpoch, totalSteps, learningRate, lazyAdam, clipNorm, evalEvery, checkpointEvery, seed,
    callbacks, logFile, checkpointDir, modelDir, resume, patience, progress, config, inputShape, maxNonFiniteSteps,
  };
}
