import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { integerAtLeast, noUnknownKeys } from '@ampmix/core';
import type { CheckpointData } from '../../checkpoint/types.js';
import { fileSystemIO, MODEL_JSON, toBytes, WEIGHTS_BIN } from './fs-io.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, MANIFEST_JSON, manifestEntry } from './manifest.js';
import type { CheckpointManifest } from './manifest.js';
import { checkpointName, GROUPS, listCheckpoints, STATE_JSON } from './layout.js';
import { syncDirectory, writeFileDurable } from './durable-file.js';
import { makeDirs } from '../make-dirs.js';
import { outputError } from '../../output-error.js';

/** Options of {@link writeCheckpoint}. */
export interface WriteCheckpointOptions {
  /** Complete checkpoints kept in the directory, newest by step; default 2 (this one and the previous good one). */
  keep?: number;
}

let writes = 0;

function addGroup(out: tf.NamedTensorMap, group: string, tensors: Record<string, tf.Tensor> | null | undefined): void {
  if (!tensors) return;
  for (const [name, t] of Object.entries(tensors)) out[`${group}/${name}`] = t;
}

function removeLeftovers(root: string): void {
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith('.tmp-step-') || name.startsWith('.old-step-')) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/**
 * Writes a checkpoint of `data` into `root/step-N` atomically: everything goes into a temporary
 * directory (model.json + weights.bin in the tfjs weights format, state.json, then manifest.json with the
 * size and SHA-256 of each file), which is renamed into place only when complete; older checkpoints
 * beyond `keep` are removed afterwards, so the previous good checkpoint survives until the new one is
 * complete. A failed write removes its temporary directory and throws an `AmpmixError` (`E_OUTPUT`)
 * naming the checkpoint and the cause (`cannot write checkpoint <root>/step-N: no space left on the
 * device (ENOSPC)`). Returns the checkpoint's directory.
 */
export async function writeCheckpoint(root: string, data: CheckpointData, options: WriteCheckpointOptions = {}): Promise<string> {
  noUnknownKeys('writeCheckpoint', options, ['keep']);
  const keep = integerAtLeast('keep', options.keep ?? 2, 1);
  const step = integerAtLeast('step', data.step, 0);
  const named: tf.NamedTensorMap = {};
  addGroup(named, GROUPS.model, data.weights);
  addGroup(named, GROUPS.adamM, data.optimizer?.m);
  addGroup(named, GROUPS.adamV, data.optimizer?.v);
  addGroup(named, GROUPS.best, data.bestWeights);
  const { data: bin, specs } = await tf.io.encodeWeights(named);
  const stateText = JSON.stringify({
    step,
    config: data.config,
    optimizer: data.optimizer ? { step: data.optimizer.step } : null,
    hasBest: Boolean(data.bestWeights),
    rng: data.rng ?? null,
    amp: data.amp ?? null,
    dataOrder: data.dataOrder ?? null,
    run: data.run ?? null,
  });

  writes += 1;
  const name = checkpointName(step);
  const tmp = path.join(root, `.tmp-${name}-${process.pid}-${writes}`);
  const final = path.join(root, name);
  try {
    makeDirs(root);
    removeLeftovers(root);
  } catch (e) {
    throw outputError(`checkpoint ${final}`, e);
  }
  try {
    await fileSystemIO(tmp).save({ weightSpecs: specs, weightData: bin, format: CHECKPOINT_FORMAT, generatedBy: 'ampmix', convertedBy: null });
    writeFileDurable(path.join(tmp, STATE_JSON), stateText);
    const files: Record<string, ReturnType<typeof manifestEntry>> = {};
    // hash the bytes written (in memory: reading them back from the page cache would prove nothing);
    // model.json is the io handler's own small file
    files[MODEL_JSON] = manifestEntry(fs.readFileSync(path.join(tmp, MODEL_JSON)));
    files[WEIGHTS_BIN] = manifestEntry(toBytes(bin));
    files[STATE_JSON] = manifestEntry(Buffer.from(stateText));
    const manifest: CheckpointManifest = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, step, files };
    writeFileDurable(path.join(tmp, MANIFEST_JSON), JSON.stringify(manifest, null, 1));
    syncDirectory(tmp);
    let old: string | null = null;
    if (fs.existsSync(final)) {
      old = path.join(root, `.old-${name}-${process.pid}-${writes}`);
      fs.renameSync(final, old);
    }
    fs.renameSync(tmp, final);
    syncDirectory(root);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw outputError(`checkpoint ${final}`, e);
  }
  for (const c of listCheckpoints(root).slice(keep)) fs.rmSync(c.path, { recursive: true, force: true });
  return final;
}
