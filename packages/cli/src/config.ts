import type { FlagValue } from './flags.js';
import type { DatasetChoice, ModelChoice, VariantChoice } from './names.js';
import { IMAGE_MODELS, IMAGE_VARIANTS, TEXT_MODELS, TEXT_VARIANTS } from './names.js';
import { UsageError } from './usage-error.js';

/** Where the data comes from (plain JSON, saved in logs and checkpoints). */
export interface DataConfig {
  dataset: DatasetChoice | null;
  files: { train: string; dev?: string; test?: string } | null;
  dataDir?: string;
  fraction?: number;
  fold?: number;
  devFraction?: number;
  maxLength?: number;
  minFreq?: number;
  lenient?: boolean;
}

/** The model (plain JSON). */
export interface ModelConfig {
  name: ModelChoice;
  /** `random`, `wink` or a GloVe file path (text models). */
  embeddings?: string;
  embeddingDim?: number;
  freezeEmbeddings?: boolean;
  numFilters?: number;
  filterSizes?: number[];
  hiddenSize?: number;
  dropout?: number;
}

/** The mixing method and AMP (plain JSON). */
export interface MethodConfig {
  variant: VariantChoice;
  alpha?: number;
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

/** The default model of a dataset: `mlp` for MNIST, `cnn` for text. */
export function defaultModel(dataset: DatasetChoice | null): ModelChoice {
  return dataset === 'mnist' ? 'mlp' : 'cnn';
}

/** Whether the data is images (MNIST) rather than text. */
export function isImageData(data: DataConfig): boolean {
  return data.dataset === 'mnist';
}

function resolveData(values: Values): DataConfig {
  const dataset = pick<DatasetChoice>(values, 'dataset') ?? null;
  const train = pick<string>(values, 'train-file');
  if (!dataset && !train) throw new UsageError('no data: give --dataset (trec, trec-fine, sst1, sst2, mr, subj, mnist) or --train-file <file>');
  if (dataset && train) throw new UsageError(`give --dataset or --train-file, not both (got --dataset ${dataset} and --train-file ${train})`);
  const fileOnly = given(values, ['dev-file', 'test-file']);
  if (dataset && fileOnly.length) throw new UsageError(`--${fileOnly[0]} goes with --train-file, not with --dataset ${dataset}`);
  const data: DataConfig = { dataset, files: train ? { train } : null };
  if (data.files) {
    const dev = pick<string>(values, 'dev-file');
    const test = pick<string>(values, 'test-file');
    if (dev) data.files.dev = dev;
    if (test) data.files.test = test;
  }
  if (dataset === 'mnist') {
    const textOnly = given(values, ['data-dir', 'max-length', 'min-freq', 'lenient', 'fold']);
    if (textOnly.length) throw new UsageError(`--${textOnly[0]} applies to text datasets; --dataset mnist is images (MNIST from the mnist package)`);
  }
  const fold = pick<number>(values, 'fold');
  if (fold !== undefined && dataset && dataset !== 'mr' && dataset !== 'subj') {
    throw new UsageError(`--fold applies to mr and subj (10-fold CV); --dataset ${dataset} has a test split`);
  }
  if (fold !== undefined && data.files?.test) throw new UsageError('--fold applies when there is no --test-file (10-fold CV)');
  const map: [keyof DataConfig, string][] = [
    ['dataDir', 'data-dir'], ['fraction', 'fraction'], ['fold', 'fold'], ['devFraction', 'dev-fraction'],
    ['maxLength', 'max-length'], ['minFreq', 'min-freq'], ['lenient', 'lenient'],
  ];
  for (const [key, flag] of map) if (values[flag] !== undefined) (data as unknown as Record<string, unknown>)[key] = values[flag];
  return data;
}

function resolveModel(values: Values, data: DataConfig): ModelConfig {
  const name = pick<ModelChoice>(values, 'model') ?? defaultModel(data.dataset);
  const image = isImageData(data);
  if (image && TEXT_MODELS.includes(name)) throw new UsageError(`--model ${name} is a text model; --dataset mnist needs an image model: mlp or small-cnn`);
  if (!image && IMAGE_MODELS.includes(name)) throw new UsageError(`--model ${name} is an image model; text data needs a text model: cnn or lstm`);
  const model: ModelConfig = { name };
  const textFlags = given(values, ['embeddings', 'embedding-dim', 'freeze-embeddings']);
  if (image && textFlags.length) throw new UsageError(`--${textFlags[0]} applies to text models (cnn, lstm); got --model ${name}`);
  if (name !== 'cnn') {
    const cnnOnly = given(values, ['num-filters', 'filter-sizes']);
    if (cnnOnly.length) throw new UsageError(`--${cnnOnly[0]} applies to --model cnn; got --model ${name}`);
  }
  if (name !== 'lstm' && values['hidden-size'] !== undefined) throw new UsageError(`--hidden-size applies to --model lstm; got --model ${name}`);
  const embeddings = pick<string>(values, 'embeddings');
  if (embeddings !== undefined) {
    model.embeddings = embeddings;
    if (embeddings !== 'random' && values['embedding-dim'] !== undefined) {
      throw new UsageError(`--embedding-dim applies to --embeddings random; the size of --embeddings ${embeddings} comes from the vectors`);
    }
  }
  const map: [keyof ModelConfig, string][] = [
    ['embeddingDim', 'embedding-dim'], ['freezeEmbeddings', 'freeze-embeddings'], ['numFilters', 'num-filters'],
    ['filterSizes', 'filter-sizes'], ['hiddenSize', 'hidden-size'], ['dropout', 'dropout'],
  ];
  for (const [key, flag] of map) if (values[flag] !== undefined) (model as unknown as Record<string, unknown>)[key] = values[flag];
  return model;
}

/** Checks that a variant fits the model; throws a {@link UsageError} naming both. */
export function checkVariantFits(variant: VariantChoice, model: ModelChoice, flag = '--variant'): void {
  if (TEXT_VARIANTS.includes(variant) && !TEXT_MODELS.includes(model)) {
    throw new UsageError(`${flag} ${variant} mixes word embeddings or sentence vectors: it needs a text model (--model cnn or lstm); got --model ${model}`);
  }
  if (IMAGE_VARIANTS.includes(variant) && !IMAGE_MODELS.includes(model)) {
    throw new UsageError(`${flag} ${variant} mixes raw inputs: it needs images (--dataset mnist, --model mlp or small-cnn); got --model ${model}`);
  }
}

function resolveMethod(values: Values, model: ModelConfig): MethodConfig {
  const variant = pick<VariantChoice>(values, 'variant') ?? 'none';
  checkVariantFits(variant, model.name);
  const amp = values.amp === true;
  if (amp && variant === 'none') {
    throw new UsageError('--amp perturbs the mixing coefficient λ: it needs a mixing --variant (word-mixup, sen-mixup, input-mixup, manifold-mixup, cutmix)');
  }
  const ampOnly = given(values, ['epsilon', 'clip', 'reweight']);
  if (!amp && ampOnly.length) throw new UsageError(`--${ampOnly[0] === 'clip' && values.clip === false ? 'no-clip' : ampOnly[0]} needs --amp`);
  if (variant === 'none' && values.alpha !== undefined) throw new UsageError('--alpha needs a mixing --variant; got --variant none');
  const method: MethodConfig = { variant, amp: amp ? {} : null };
  if (values.alpha !== undefined) method.alpha = values.alpha as number;
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
