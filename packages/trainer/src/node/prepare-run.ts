import fs from 'node:fs';
import path from 'node:path';
import { OptionError } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import type { ResolvedTrainOptions } from '../options.js';
import { assertWritable } from './writable.js';
import { listCheckpoints } from './checkpoint/layout.js';
import { disposeCheckpoint, loadCheckpoint } from './checkpoint/load.js';
import type { Checkpoint } from '../checkpoint/types.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../model-weights/format.js';

/** Free space a log file needs before a run starts (its first records and some steps). */
export const LOG_MIN_FREE_BYTES = 16 * 1024;

function weightBytes(model: MixableModel<unknown>): number {
  let bytes = 0;
  for (const w of Object.values(model.weights)) bytes += w.size * (w.dtype === 'bool' ? 1 : w.dtype === 'complex64' ? 8 : 4);
  return bytes;
}

/**
 * About the size of one checkpoint of `model`: its weights, Adam's two moments and the best-dev
 * weights (4 × the weights' bytes), plus 64 KiB for model.json, state.json and manifest.json.
 */
export function checkpointBytes(model: MixableModel<unknown>): number {
  return 4 * weightBytes(model) + 64 * 1024;
}

/**
 * `modelDir` checked before a run: writable with room for the weights (plus 64 KiB), holding nothing but
 * saved weights, and, for a fresh run, none (another run's model is not overwritten).
 */
function checkModelDir(dir: string, model: MixableModel<unknown>, resume: boolean): void {
  assertWritable('modelDir', dir, 'directory', { minFreeBytes: weightBytes(model) + 64 * 1024 });
  if (!fs.existsSync(dir)) return;
  const entries = fs.readdirSync(dir);
  const foreign = entries.filter((n) => n !== MODEL_JSON && n !== WEIGHTS_BIN);
  if (foreign.length) throw new OptionError('modelDir', dir, `a new or empty folder (it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`);
  if (!resume && entries.includes(MODEL_JSON)) {
    throw new OptionError('modelDir', dir, `a new or empty folder (it holds the saved weights of another run): pass resume: true to continue that run, or choose another folder`);
  }
}

/**
 * Before a run creates anything: checks that the log file, checkpoint folder and model folder can be written
 * (a real write test) and that their file systems have room for a few KiB of log, one checkpoint and the
 * weights, refuses a fresh run whose model folder holds saved weights, refuses a
 * fresh run in a folder holding another run's checkpoints, and loads (verified) the checkpoint to resume
 * from, moving newer ones that fail verification aside. Returns `null` when there is nothing to resume.
 */
export async function prepareRun<I>(o: ResolvedTrainOptions<I>): Promise<Checkpoint | null> {
  if (o.logFile) assertWritable('logFile', o.logFile, 'file', { minFreeBytes: LOG_MIN_FREE_BYTES });
  if (o.checkpointDir) assertWritable('checkpointDir', o.checkpointDir, 'directory', { minFreeBytes: checkpointBytes(o.model) });
  if (o.modelDir) checkModelDir(o.modelDir, o.model, o.resume);
  if (!o.checkpointDir) return null;
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
