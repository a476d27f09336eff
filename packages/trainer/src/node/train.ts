import type { TrainOptions, TrainResult } from '../options.js';
import { trainWith } from '../loop.js';
import { fileRunIO } from './file-run-io.js';

/**
 * `train` of `@ampmix/trainer` with its file outputs: `logFile` (JSONL), `checkpointDir` (atomic,
 * verified checkpoints; `resume: true` continues the run saved there) and `modelDir` (the final weights —
 * best-dev with a dev set, else the last — as `model.json` + `weights.bin` in tfjs's weights format,
 * written at the end of a successful run; read them with `loadWeights`). See that function for the loop.
 */
export function train<I>(options: TrainOptions<I>): Promise<TrainResult> {
  return trainWith(options, fileRunIO);
}
