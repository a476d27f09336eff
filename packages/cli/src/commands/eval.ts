import { evaluate } from '@ampmix/trainer';
import { disposeCheckpoint, loadCheckpoint, restoreWeights } from '@ampmix/trainer/node';
import { CheckpointError } from '@ampmix/trainer';
import type { FlagSpec, FlagValue } from '../flags.js';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import type { RunConfig } from '../config.js';
import { dataKind, defaultModel } from '../config.js';
import { BACKEND_FLAG_CHOICES, DATASET_CHOICES, MODEL_CHOICES, modelNamed, modelsReading } from '../catalog.js';
import { COMMON_FLAGS } from '../train-flags.js';
import { checkInputFiles, checkInputPath } from '../setup/input-files.js';
import { loadData } from '../setup/data.js';
import { DEFAULT_EMBEDDING_DIM, loadEmbeddings } from '../setup/embeddings.js';
import type { Embeddings } from '../setup/embeddings.js';
import { buildModel } from '../setup/model.js';
import type { SavedCliConfig } from '../run.js';
import { UsageError } from '../usage-error.js';
import { selectBackend } from '../backend.js';

/** Flags of `ampmix eval`. */
export const EVAL_FLAGS: readonly FlagSpec[] = [
  { name: 'checkpoint', kind: 'path', valueName: '<dir>', help: 'a run’s checkpoint folder (runs/x/checkpoint) or one step-N folder (required)' },
  { name: 'split', kind: 'choice', choices: ['test', 'dev', 'train'], help: 'which split to evaluate', defaultText: 'test' },
  { name: 'weights', kind: 'choice', choices: ['best', 'last'], help: 'the best-dev weights or the last ones', defaultText: 'best when saved' },
  { name: 'model', kind: 'choice', choices: MODEL_CHOICES, help: 'the model to load the weights into', defaultText: 'the checkpoint’s' },
  { name: 'dataset', kind: 'choice', choices: DATASET_CHOICES, help: 'evaluate on this dataset', defaultText: 'the checkpoint’s' },
  { name: 'train-file', kind: 'path', valueName: '<file>', help: 'training file (rebuilds the vocabulary)', defaultText: 'the checkpoint’s' },
  { name: 'dev-file', kind: 'path', valueName: '<file>', help: 'dev file' },
  { name: 'test-file', kind: 'path', valueName: '<file>', help: 'test file' },
  { name: 'data-dir', kind: 'path', valueName: '<dir>', help: 'folder of the shipped datasets' },
  { name: 'batch-size', kind: 'integer', min: 1, valueName: '<n>', help: 'examples per forward pass', defaultText: '256' },
  { name: 'backend', kind: 'choice', choices: BACKEND_FLAG_CHOICES, help: 'TensorFlow.js backend', defaultText: 'auto' },
  ...COMMON_FLAGS,
];

/** `ampmix eval --help`. */
export const EVAL_HELP: CommandHelp = {
  command: 'ampmix eval',
  summary: 'Evaluate a checkpoint written by `ampmix train` on a split: error rate and loss.',
  usage: '--checkpoint <dir> [flags]',
  flags: EVAL_FLAGS,
  examples: ['ampmix eval --checkpoint runs/trec-amp/checkpoint', 'ampmix eval --checkpoint runs/trec-amp/checkpoint --split dev --weights last'],
  notes: ['The model and data are rebuilt from the settings saved in the checkpoint; flags override them.'],
};

/** The CLI settings saved in a checkpoint's config, or a {@link CheckpointError}. */
export function savedCliConfig(dir: string, config: Record<string, unknown>): SavedCliConfig {
  const extra = config.extra as Partial<SavedCliConfig> | undefined;
  if (!extra || typeof extra !== 'object' || !extra.cli || typeof extra.cli !== 'object') {
    throw new CheckpointError(dir, `checkpoint ${dir} was not written by \`ampmix train\` (no CLI settings in it); load it with the library's loadCheckpoint and restoreWeights`);
  }
  return extra as SavedCliConfig;
}

/** The saved run config with the data and model flags of `ampmix eval` applied. */
export function applyEvalOverrides(saved: RunConfig, values: Readonly<Record<string, FlagValue>>): RunConfig {
  const config: RunConfig = structuredClone(saved);
  const dataset = values.dataset as string | undefined;
  const train = values['train-file'] as string | undefined;
  if (dataset && train) throw new UsageError(`give --dataset or --train-file, not both (got --dataset ${dataset} and --train-file ${train})`);
  if (dataset) config.data = { dataset, files: null };
  if (train) config.data = { dataset: null, files: { train } };
  for (const [flag, key] of [['dev-file', 'dev'], ['test-file', 'test']] as const) {
    const v = values[flag] as string | undefined;
    if (v === undefined) continue;
    if (!config.data.files) throw new UsageError(`--${flag} goes with data from files (the checkpoint was trained on --dataset ${config.data.dataset}; give --train-file too)`);
    config.data.files[key] = v;
  }
  if (values['data-dir'] !== undefined) config.data.dataDir = values['data-dir'] as string;
  const model = values.model as string | undefined;
  // another model's options do not apply to this one (its weights are checked against the checkpoint's)
  if (model && model !== config.model.name) config.model = { ...config.model, name: model, options: {} };
  const kind = dataKind(config.data);
  if (modelNamed(config.model.name).reads !== kind) {
    const fits = modelsReading(kind).map((m) => m.name).join(', ').replace(/, (?=[^,]*$)/, ' or ');
    throw new UsageError(`--model ${config.model.name} does not read ${kind === 'image' ? 'images' : 'text'}; use ${fits} (default ${defaultModel(config.data.dataset)})`);
  }
  return config;
}

/** `ampmix eval`: returns the exit code. */
export async function evalCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, EVAL_FLAGS, { command: 'ampmix eval' });
  if (values.help) {
    io.out(formatHelp(EVAL_HELP));
    return 0;
  }
  const dir = values.checkpoint as string | undefined;
  if (!dir) throw new UsageError('--checkpoint <dir> is required (a run’s checkpoint folder, e.g. runs/x/checkpoint)');
  await checkInputPath('--checkpoint', dir, true);
  await selectBackend(values.backend, io);
  const ckpt = await loadCheckpoint(dir);
  try {
    const saved = savedCliConfig(dir, ckpt.config);
    const config = applyEvalOverrides(saved.cli, values);
    await checkInputFiles(config);
    const data = await loadData(config.data, config.optim.seed);
    io.err(`[ampmix] data: ${data.summary}`);
    if (data.text && saved.vocabulary && data.text.fingerprint !== saved.vocabulary.fingerprint) {
      throw new CheckpointError(
        dir,
        `checkpoint ${dir} was trained with another vocabulary (${saved.vocabulary.size} words) than the one rebuilt from this data (${data.text.splits.vocab.size} words); evaluate with the training data of the run (${saved.cli.data.dataset ? `--dataset ${saved.cli.data.dataset}` : `--train-file ${saved.cli.data.files?.train}`})`,
      );
    }
    const wantBest = values.weights !== 'last';
    if (values.weights === 'best' && !ckpt.bestWeights) throw new UsageError(`--weights best: checkpoint ${dir} holds no best-dev weights (the run had no dev set); use --weights last`);
    const weights = wantBest && ckpt.bestWeights ? ckpt.bestWeights : ckpt.weights;
    let embeddings: Embeddings | null = null;
    if (data.text) {
      const pretrained = config.model.embeddings !== undefined && config.model.embeddings !== 'random';
      // a frozen pre-trained table may not be among the saved weights: load the vectors again
      embeddings = pretrained && config.model.freezeEmbeddings
        ? await loadEmbeddings(config.model, data.text.splits, config.data.lenient ?? false)
        : { matrix: null, dim: saved.embeddingDim ?? config.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM, note: '' };
    }
    const model = buildModel(config.model, data, config.optim.seed, embeddings);
    try {
      try {
        restoreWeights(model as never, { ...ckpt, weights });
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        const was = `a ${saved.cli.model.name} model on ${saved.cli.data.dataset ?? saved.cli.data.files?.train}`;
        throw new CheckpointError(dir, `checkpoint ${dir} holds ${was}; it does not fit --model ${config.model.name}: ${e.message.replace(/^.*different model: /, '')}`);
      }
      const split = (values.split as 'test' | 'dev' | 'train' | undefined) ?? 'test';
      const set = split === 'test' ? data.test : split === 'dev' ? data.dev : data.train;
      if (!set) throw new UsageError(`--split ${split}: this data has no ${split} split`);
      const r = await evaluate(model, set, values['batch-size'] !== undefined ? { batchSize: values['batch-size'] as number } : {});
      io.out(
        `${split} error ${(100 * r.error).toFixed(2)}% (loss ${r.loss.toFixed(4)}) on ${set.size} examples — ` +
          `${saved.label}, step ${ckpt.step}, ${wantBest && ckpt.bestWeights ? 'best-dev' : 'last'} weights`,
      );
    } finally {
      model.dispose();
    }
  } finally {
    disposeCheckpoint(ckpt);
  }
  return 0;
}
