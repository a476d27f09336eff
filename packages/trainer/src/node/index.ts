/**
 * @ampmix/trainer/node — the Node part of the trainer: `train` with a JSONL log and atomic, verified
 * checkpoints on disk (resumable), the final weights in tfjs's weights format (`saveWeights` / `loadWeights`),
 * and the pieces behind them for tools that read or write runs.
 */
export { train } from './train.js';
export { fileRunIO } from './file-run-io.js';
export { disposeCheckpoint } from '../checkpoint/dispose.js';
export { loadCheckpoint, restoreWeights } from './checkpoint/load.js';
export { writeCheckpoint } from './checkpoint/write.js';
export type { WriteCheckpointOptions } from './checkpoint/write.js';
export { listCheckpoints, checkpointName, STATE_JSON } from './checkpoint/layout.js';
export { verifyCheckpoint, MANIFEST_JSON, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint/manifest.js';
export type { CheckpointManifest, ManifestEntry } from './checkpoint/manifest.js';
export { fileSystemIO, registerFileRouter, MODEL_JSON, WEIGHTS_BIN } from './checkpoint/fs-io.js';
export type { FileSystemIOHandler } from './checkpoint/fs-io.js';
export { writeFileDurable } from './checkpoint/durable-file.js';
export { loadWeights, readWeights, saveWeights } from './model-weights.js';
export { JsonlLogger, readJsonl } from './jsonl-logger.js';
export type { JsonlLoggerOptions } from './jsonl-logger.js';
export { assertWritable } from './writable.js';
export type { AssertWritableOptions } from './writable.js';
export { makeDirs } from './make-dirs.js';
export { checkpointBytes, LOG_MIN_FREE_BYTES } from './prepare-run.js';
export { errnoCode, outputError } from '../output-error.js';
export { acquireLock, LockError, LOCK_FILE, processAlive } from './lock.js';
export type { AcquireLockOptions, FolderLock, LockHolder } from './lock.js';
