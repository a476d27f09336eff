import type { TrainOptions, TrainResult } from '../options.js';
import { trainWith } from '../loop.js';
import { fileRunIO } from './file-run-io.js';

/**
 * `train` of `@ampmix/trainer` with its file outputs: `logFile` (JSONL) and `checkpointDir` (atomic,
 * verified checkpoints; `resume: true` continues the run saved there). See that function for the loop.
 */
export function train<I>(options: TrainOptions<I>): Promise<TrainResult> {
  return trainWith(options, fileRunIO);
}
