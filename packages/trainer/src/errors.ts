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

/**
 * Saved weights that do not fit a model (a missing, unexpected or mis-shaped weight) or that cannot be
 * read (a manifest that is not one, a weights file of the wrong size). `problems` lists each mismatch.
 */
export class WeightsError extends AmpmixError {
  /** One line per problem, e.g. `weight "W0" has shape [4, 16]; the model expects [4, 8]`. */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = []) {
    super('E_WEIGHTS', message);
    this.name = 'WeightsError';
    this.problems = problems;
  }
}
