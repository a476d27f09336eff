/**
 * @ampmix/trainer — the training loop of ampmix: Adam, gradient clipping, seeded data order, dev evaluation,
 * best-dev selection, early stopping, skipped non-finite steps and progress, with every step through the AMP
 * engine of `@ampmix/core` (Liu et al., EMNLP 2021, arXiv 2109.07177). Depends on core and the tfjs peer only
 * and loads in a browser; checkpoints and JSONL logs on disk come from `@ampmix/trainer/node`. A trained
 * model's weights travel in tfjs's weights format (`exportWeights` / `importWeights`).
 */
export { train, trainWith } from './loop.js';
export type { RunIO, RunLog } from './loop.js';
export { resolveTrainOptions } from './options.js';
export type { ProgressMode, ResolvedTrainOptions, SavedModel, StepMixing, TrainCallbacks, TrainOptions, TrainResult } from './options.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, EvaluationResult } from './evaluate.js';
export { Adam } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { CheckpointError, TrainingError, WeightsError } from './errors.js';
export { exportWeights } from './model-weights/export.js';
export type { ExportedWeights, ExportWeightsOptions } from './model-weights/export.js';
export { importWeights, loadWeightsInto } from './model-weights/import.js';
export { WEIGHTS_FORMAT } from './model-weights/format.js';
export type { WeightsJSON } from './model-weights/format.js';
export { OutputError } from './output-error.js';
export { disposeCheckpoint } from './checkpoint/dispose.js';
export type { Checkpoint, CheckpointData, RunState } from './checkpoint/types.js';
export { ProgressReporter } from './progress/reporter.js';
export type { ProgressReporterOptions, ProgressStream } from './progress/reporter.js';
export { formatDuration, formatLoss, formatPercent } from './progress/format.js';
export { TRAINER_VERSION } from './run-config.js';
