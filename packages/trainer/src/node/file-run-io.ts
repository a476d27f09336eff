import fs from 'node:fs';
import type { RunIO } from '../loop.js';
import { JsonlLogger } from './jsonl-logger.js';
import { prepareRun } from './prepare-run.js';
import { writeCheckpoint } from './checkpoint/write.js';
import { saveWeights } from './model-weights.js';

/**
 * The file-system outputs of a run: a JSONL log at `logFile` (appended to on resume), atomic verified
 * checkpoints in `checkpointDir`, the final weights in `modelDir` ({@link saveWeights}), and the checks before anything is created (writable, room, no other
 * run's checkpoints).
 */
export const fileRunIO: RunIO = {
  prepare: (o) => prepareRun(o),
  openLog: (o, resuming) => JsonlLogger.open(o.logFile!, { append: resuming && fs.existsSync(o.logFile!) }),
  saveCheckpoint: (o, data) => writeCheckpoint(o.checkpointDir!, data),
  saveModel: (o, metadata) => saveWeights(o.model, o.modelDir!, { metadata }),
};
