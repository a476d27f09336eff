import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import { CheckpointError } from '../../errors.js';
import { assignWeights, disposeTensors, weightMismatches } from '../../weights.js';
import { disposeCheckpoint } from '../../checkpoint/dispose.js';
export { disposeCheckpoint } from '../../checkpoint/dispose.js';
import type { Checkpoint } from '../../checkpoint/types.js';
import { MODEL_JSON, modelArtifactsFromBytes, WEIGHTS_BIN } from './fs-io.js';
import { MANIFEST_JSON, verifyCheckpoint } from './manifest.js';
import { GROUPS, listCheckpoints, STATE_JSON } from './layout.js';

interface SavedState {
  step: number;
  config: Record<string, unknown>;
  optimizer: { step: number } | null;
  hasBest: boolean;
  rng: Checkpoint['rng'];
  amp: Checkpoint['amp'];
  dataOrder: Checkpoint['dataOrder'];
  run: Checkpoint['run'];
}

function parseJson<T>(dir: string, name: string, bytes: Buffer): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (e) {
    throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${name} is not valid JSON (${(e as Error).message})`);
  }
}

/** Reads one verified checkpoint directory. */
function readOne(dir: string): Checkpoint {
  const { manifest, files } = verifyCheckpoint(dir);
  for (const f of [MODEL_JSON, WEIGHTS_BIN, STATE_JSON]) {
    if (!files[f]) throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: its manifest does not list ${f}`);
  }
  const state = parseJson<SavedState>(dir, STATE_JSON, files[STATE_JSON]);
  if (state.step !== manifest.step) throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: state.json is for step ${state.step} but the manifest for step ${manifest.step}`);
  const artifacts = modelArtifactsFromBytes(parseJson<tf.io.ModelJSON>(dir, MODEL_JSON, files[MODEL_JSON]), files[WEIGHTS_BIN]);
  let named: tf.NamedTensorMap;
  try {
    named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  } catch (e) {
    throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${WEIGHTS_BIN} does not match its weight specs (${(e as Error).message})`);
  }
  const groups: Record<string, Record<string, tf.Tensor>> = {};
  for (const [key, t] of Object.entries(named)) {
    const cut = key.indexOf('/');
    const group = key.slice(0, cut);
    (groups[group] ??= {})[key.slice(cut + 1)] = t;
  }
  const pick = (g: string) => groups[g] ?? {};
  return {
    path: dir,
    step: state.step,
    config: state.config ?? {},
    weights: pick(GROUPS.model),
    optimizer: state.optimizer ? { step: state.optimizer.step, m: pick(GROUPS.adamM), v: pick(GROUPS.adamV) } : null,
    bestWeights: state.hasBest ? pick(GROUPS.best) : null,
    rng: state.rng ?? null,
    amp: state.amp ?? null,
    dataOrder: state.dataOrder ?? null,
    run: state.run ?? null,
    skipped: [],
  };
}

/**
 * Reads and verifies a checkpoint. `dir` is either one checkpoint (a directory with `manifest.json`: it
 * must verify, or a {@link CheckpointError} says which file is missing, truncated or corrupted) or a
 * checkpoint directory written by the trainer (`step-N` folders): the newest checkpoint that verifies is
 * returned, and the newer ones passed over are listed in `skipped` with the reason; when none verifies the
 * error lists every reason. The caller owns the returned tensors ({@link disposeCheckpoint}).
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  if (fs.existsSync(path.join(dir, MANIFEST_JSON))) return readOne(dir);
  const candidates = listCheckpoints(dir);
  if (!candidates.length) throw new CheckpointError(dir, `no checkpoint in ${dir} (expected step-N folders or a ${MANIFEST_JSON})`);
  const skipped: { path: string; reason: string }[] = [];
  for (const c of candidates) {
    try {
      const ckpt = readOne(c.path);
      ckpt.skipped = skipped;
      return ckpt;
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      skipped.push({ path: c.path, reason: e.message });
    }
  }
  throw new CheckpointError(dir, `no valid checkpoint in ${dir}: ${skipped.map((s) => s.reason).join('; ')}`);
}


/**
 * Copies a checkpoint's weights into `model`. Throws a {@link CheckpointError} naming the missing,
 * unexpected and mis-shaped weights when the checkpoint was written for a different model.
 */
export function restoreWeights(model: MixableModel<unknown>, checkpoint: Checkpoint): void {
  const problems = weightMismatches(model.weights, checkpoint.weights);
  if (problems.length) {
    throw new CheckpointError(checkpoint.path, `checkpoint ${checkpoint.path} was written for a different model: ${problems.join('; ')}`);
  }
  assignWeights(model.weights, checkpoint.weights);
}
