import fs from 'node:fs';
import path from 'node:path';
import { OptionError } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import type { ResolvedTrainOptions } from '../options.js';
import { assertWritable } from './writable.js';
import { listCheckpoints } from './checkpoint/layout.js';
import { disposeCheckpoint, loadCheckpoint } from './checkpoint/load.js';
import type { Checkpoint } from '../checkpoint/types.js';

/** Free space a log file needs before a run starts (its first records and some steps). */
export const LOG_MIN_FREE_BYTES = 16 * 1024;

/**
 * About the size of one checkpoint of `model`: its weights, Adam's two moments and the best-dev
 * weights (4 × the weights' bytes), plus 64 KiB for model.json, state.json and manifest.json.
 */
export function checkpointBytes(model: MixableModel<unknown>): number {
  let bytes = 0;
  for (const w of Object.values(model.weights)) bytes += w.size * (w.dtype === 'bool' ? 1 : w.dtype === 'complex64' ? 8 : 4);
  return 4 * bytes + 64 * 1024;
}

/**
 * Before a run creates anything: checks that the log file and checkpoint folder can be written (a real
 * write test) and that their file systems have room for a few KiB of log and one checkpoint, refuses a
 * fresh run in a folder holding another run's checkpoints, and loads (verified) the checkpoint to resume
 * from, moving newer ones that fail verification aside. Returns `null` when there is nothing to resume.
 */
export async function prepareRun<I>(o: ResolvedTrainOptions<I>): Promise<Checkpoint | null> {
  if (o.logFile) assertWritable('logFile', o.logFile, 'file', { minFreeBytes: LOG_MIN_FREE_BYTES });
  if (!o.checkpointDir) return null;
  assertWritable('checkpointDir', o.checkpointDir, 'directory', { minFreeBytes: checkpointBytes(o.model) });
  const existing = listCheckpoints(o.checkpointDir);
  if (!o.resume) {
    if (existing.length) {
      throw new OptionError('checkpointDir', o.checkpointDir, `a new or empty directory (it holds checkpoints up to step ${existing[0].step}): pass resume: true to continue that run, or choose another directory`);
    }
    return null;
  }
  if (!existing.length) return null;
  const ckpt = await loadCheckpoint(o.checkpointDir);
  // newer checkpoints that failed verification are moved aside (kept for inspection, never loaded again)
  try {
    for (const bad of ckpt.skipped) fs.renameSync(bad.path, path.join(o.checkpointDir, `.corrupt-${path.basename(bad.path)}-${Date.now()}`));
  } catch (e) {
    disposeCheckpoint(ckpt);
    throw e;
  }
  return ckpt;
}
