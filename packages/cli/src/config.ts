import type { DataKind, OptionDescriptor, OptionValue } from '@ampmix/core';
import type { FlagValue } from './flags.js';
import { DATASETS, datasetNamed, defaultModelFor, modelNamed, modelsReading, NO_VARIANT, optionFlags, VARIANTS, variantNamed } from './catalog.js';
import { UsageError } from './usage-error.js';

/** Where the data comes from (plain JSON, saved in logs and checkpoints). */
export interface DataConfig {
  /** A `--dataset` name (see the catalog), or `null` for files. */
  dataset: string | null;
  files: { train: string; dev?: string; test?: string } | null;
  dataDir?: string;
  fraction?: number;
  fold?: number;
  devFraction?: number;
  maxLength?: number;
  minFreq?: number;
  lenient?: boolean;
  /** Byte decoding of the files (`--encoding`). */
  encoding?: 'utf-8' | 'windows-1252';
}

/** The model (plain JSON). */
export interface ModelConfig {
  /** A `--model` name (see the catalog). */
  name: string;
  /** `random`, `wink` or a GloVe file path (text models). */
  embeddings?: string;
  embeddingDim?: number;
  freezeEmbeddings?: boolean;
  /** The model descriptor's options that were given (keys as in the descriptor, e.g. `numFilters`). */
  options: Record<string, OptionValue>;
}

/** The mixing method and AMP (plain JSON). */
export interface MethodConfig {
  /** A `--variant` name, or `none`. */
  variant: string;
  /** The variant descriptor's options that were given (e.g. `alpha`, `tau`). */
  options: Record<string, OptionValue>;
  amp: { epsilon?: number; clip?: boolean; reweight?: number } | null;
  loss?: 'softmax-ce' | 'softmax-bce';
}

/** Optimisation (plain JSON). */
export interface OptimConfig {
  steps?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  clipNorm?: number;
  evalEvery?: number;
  patience?: number;
  /** Stop after this many non-finite steps in a row (the library's `maxNonFiniteSteps`). */
  maxNonFinite?: number;
  seed: number;
}

/**
 * Everything a CLI run needs to be rebuilt (by `eval`, `--resume`): validated flags as plain JSON.
 * Unset optional fields keep the library defaults.
 */
export interface RunConfig {
  /** `variant` or `variant+amp`: the row name in tables and reports. */
  label: string;
  data: DataConfig;
  model: ModelConfig;
  method: MethodConfig;
  optim: OptimConfig;
}

type Values = Readonly<Record<string, FlagValue>>;

function pick<T>(values: Values, name: string): T | undefined {
  return values[name] as T | undefined;
}

function given(values: Values, names: readonly string[]): string[] {
  return names.filter((n) => values[n] !== undefined);
}

/** The kind of data a run reads: the dataset's, or text for files. */
export function dataKind(data: DataConfig): DataKind {
  return data.dataset ? datasetNamed(data.dataset).provides : 'text';
}

/** The default model of a dataset (`null`: files, which are text). */
export function defaultModel(dataset: string | null): string {
  return defaultModelFor(dataset ? datasetNamed(dataset).provides : 'text');
}

/** Whether the data is images rather than text. */
export function isImageData(data: DataConfig): boolean {
  return dataKind(data) === 'image';
}

const names = (list: readonly { name: string }[]) => list.map((d) => d.name).join(', ');

function resolveData(values: Values): DataConfig {
  const dataset = pick<string>(values, 'dataset') ?? null;
  const train = pick<string>(values, 'train-file');
  if (!dataset && !train) throw new UsageError(`no data: give --dataset (${names(DATASETS)}) or --train-file <file>`);
  if (dataset && train) throw new UsageError(`give --dataset or --train-file, not both (got --dataset ${dataset} and --train-file ${train})`);
  const fileOnly = given(values, ['dev-file', 'test-file', 'encoding']);
  if (dataset && fileOnly.length) throw new UsageError(`--${fileOnly[0]} goes with --train-file, not with --dataset ${dataset}`);
  const data: DataConfig = { dataset, files: train ? { train } : null };
  if (data.files) {
    const dev = pick<string>(values, 'dev-file');
    const test = pick<string>(values, 'test-file');
    if (dev) data.files.dev = dev;
    if (test) data.files.test = test;
  }
  const described = dataset ? datasetNamed(dataset) : null;
  if (described && described.provides !== 'text') {
    const textOnly = given(values, ['data-dir', 'max-length', 'min-freq', 'lenient', 'fold']);
    if (textOnly.length) throw new UsageError(`--${textOnly[0]} applies to text datasets; --dataset ${dataset} is ${described.provides}s (${described.summary})`);
  }
  const fold = pick<number>(values, 'fold');
  if (fold !== undefined && described && described.test !== 'cross-validation') {
    const cv = DATASETS.filter((d) => d.test === 'cross-validation').map((d) => d.name);
    throw new UsageError(`--fold applies to ${cv.join(' and ')} (10-fold CV); --dataset ${dataset} has a test split`);
  }
  if (fold !== undefined && data.files?.test) throw new UsageError('--fold applies when there is no --test-file (10-fold CV)');
  const map: [keyof DataConfig, string][] = [
    ['dataDir', 'data-dir'], ['fraction', 'fraction'], ['fold', 'fold'], ['devFraction', 'dev-fraction'],
    ['maxLength', 'max-length'], ['minFreq', 'min-freq'], ['lenient', 'lenient'], ['encoding', 'encoding'],
  ];
  for (const [key, flag] of map) if (values[flag] !== undefined) (data as unknown as Record<string, unknown>)[key] = values[flag];
  return data;
}

/** The descriptor options given for `owner` (flags of options it lacks are an error naming `--<what> <owners>`). */
function describedOptions(values: Values, descriptors: readonly { name: string; options: readonly OptionDescriptor[] }[], owner: string, what: string): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const { flag, option, owners } of optionFlags(descriptors)) {
    const v = values[flag];
    if (v === undefined) continue;
    if (!owners.includes(owner)) {
      throw new UsageError(owner === NO_VARIANT ? `--${flag} needs a mixing --variant; got --variant none` : `--${flag} applies to --${what} ${owners.join(', ')}; got --${what} ${owner}`);
    }
    options[option] = v as OptionValue;
  }
  return options;
}

function resolveModel(values: Values, data: DataConfig): ModelConfig {
  const kind = dataKind(data);
  const name = pick<string>(values, 'model') ?? defaultModelFor(kind);
  const described = modelNamed(name);
  if (described.reads !== kind) {
    const fits = names(modelsReading(kind));
    throw new UsageError(
      kind === 'image'
        ? `--model ${name} is a text model; --dataset ${data.dataset} needs an image model: ${fits.replace(/, (?=[^,]*$)/, ' or ')}`
        : `--model ${name} is an image model; text data needs a text model: ${fits.replace(/, (?=[^,]*$)/, ' or ')}`,
    );
  }
  const model: ModelConfig = { name, options: {} };
  const textFlags = given(values, ['embeddings', 'embedding-dim', 'freeze-embeddings']);
  if (kind !== 'text' && textFlags.length) throw new UsageError(`--${textFlags[0]} applies to text models (${names(modelsReading('text'))}); got --model ${name}`);
  model.options = describedOptions(values, [...modelsReading('text'), ...modelsReading('image')], name, 'model');
  const embeddings = pick<string>(values, 'embeddings');
  if (embeddings !== undefined) {
    model.embeddings = embeddings;
    if (embeddings !== 'random' && values['embedding-dim'] !== undefined) {
      throw new UsageError(`--embedding-dim applies to --embeddings random; the size of --embeddings ${embeddings} comes from the vectors`);
    }
  }
  const map: [keyof ModelConfig, string][] = [['embeddingDim', 'embedding-dim'], ['freezeEmbeddings', 'freeze-embeddings']];
  for (const [key, flag] of map) if (values[flag] !== undefined) (model as unknown as Record<string, unknown>)[key] = values[flag];
  return model;
}

/** Checks that a variant fits the model; throws a {@link UsageError} naming both. */
export function checkVariantFits(variant: string, model: string, flag = '--variant'): void {
  if (variant === NO_VARIANT) return;
  const needs = variantNamed(variant, flag).needs;
  const reads = modelNamed(model).reads;
  if (needs === 'any' || needs === reads) return;
  const fits = names(modelsReading(needs)).replace(/, (?=[^,]*$)/, ' or ');
  throw new UsageError(
    needs === 'text'
      ? `${flag} ${variant} mixes word embeddings or sentence vectors: it needs a text model (--model ${fits}); got --model ${model}`
      : `${flag} ${variant} mixes raw inputs: it needs images (--dataset ${DATASETS.filter((d) => d.provides === 'image').map((d) => d.name).join(', ')}, --model ${fits}); got --model ${model}`,
  );
}

function resolveMethod(values: Values, model: ModelConfig): MethodConfig {
  const variant = pick<string>(values, 'variant') ?? NO_VARIANT;
  checkVariantFits(variant, model.name);
  const amp = values.amp === true;
  if (amp && variant === NO_VARIANT) {
    throw new UsageError(`--amp perturbs the mixing coefficient λ: it needs a mixing --variant (${names(VARIANTS)})`);
  }
  const ampOnly = given(values, ['epsilon', 'clip', 'reweight']);
  if (!amp && ampOnly.length) throw new UsageError(`--${ampOnly[0] === 'clip' && values.clip === false ? 'no-clip' : ampOnly[0]} needs --amp`);
  const method: MethodConfig = { variant, options: describedOptions(values, VARIANTS, variant, 'variant'), amp: amp ? {} : null };
  if (values.loss !== undefined) method.loss = values.loss as MethodConfig['loss'];
  if (method.amp) {
    if (values.epsilon !== undefined) method.amp.epsilon = values.epsilon as number;
    if (values.clip !== undefined) method.amp.clip = values.clip as boolean;
    if (values.reweight !== undefined) method.amp.reweight = values.reweight as number;
  }
  return method;
}

function resolveOptim(values: Values): OptimConfig {
  if (values.steps !== undefined && values.epochs !== undefined) throw new UsageError(`give --steps or --epochs, not both (got --steps ${values.steps} and --epochs ${values.epochs})`);
  const optim: OptimConfig = { seed: (values.seed as number | undefined) ?? 0 };
  const map: [keyof OptimConfig, string][] = [
    ['steps', 'steps'], ['epochs', 'epochs'], ['batchSize', 'batch-size'], ['lr', 'lr'], ['clipNorm', 'clip-norm'],
    ['evalEvery', 'eval-every'], ['patience', 'patience'], ['maxNonFinite', 'max-non-finite'],
  ];
  for (const [key, flag] of map) if (values[flag] !== undefined) (optim as unknown as Record<string, unknown>)[key] = values[flag];
  return optim;
}

/** The row label of a method: `variant` or `variant+amp`. */
export function methodLabel(method: MethodConfig): string {
  return method.amp ? `${method.variant}+amp` : method.variant;
}

/**
 * Validates the flags of a run together (one of --dataset/--train-file, model fits data, variant fits
 * model, AMP flags need --amp, …) and returns them as a {@link RunConfig}. Each conflict is a
 * {@link UsageError} naming the flags and the allowed values.
 */
export function resolveRunConfig(values: Values): RunConfig {
  const data = resolveData(values);
  const model = resolveModel(values, data);
  const method = resolveMethod(values, model);
  const optim = resolveOptim(values);
  return { label: methodLabel(method), data, model, method, optim };
}
