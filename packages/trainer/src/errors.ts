import { AmpmixError } from '@ampmix/core';

/**
 * A checkpoint that cannot be used: missing, truncated, corrupted (checksum mismatch), unreadable, or
 * written for a different model or run. The message says which file and why.
 */
export class CheckpointError extends AmpmixError {
  /** The checkpoint directory concerned. */
  readonly path: string;
  constructor(path: string, message: string) {
    super('E_CHECKPOINT', message);
    this.name = 'CheckpointError';
    this.path = path;
  }
}

/** A training run that had to stop (e.g. too many non-finite steps in a row). */
export class TrainingError extends AmpmixError {
  /** The last completed step whose state is good (and was checkpointed when a checkpoint directory was given). */
  readonly lastGoodStep: number;
  /** Where the last good state was saved, or `null`. */
  readonly checkpointPath: string | null;
  constructor(message: string, lastGoodStep: number, checkpointPath: string | null) {
    super('E_TRAINING', message);
    this.name = 'TrainingError';
    this.lastGoodStep = lastGoodStep;
    this.checkpointPath = checkpointPath;
  }
}
