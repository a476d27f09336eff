import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import { OptionError } from '@ampmix/core';
import { WeightsError } from '../errors.js';
import { outputError } from '../output-error.js';
import { exportWeights } from '../model-weights/export.js';
import type { ExportWeightsOptions } from '../model-weights/export.js';
import { importWeights } from '../model-weights/import.js';
import { manifestPaths, manifestSpecs, specBytes } from '../model-weights/check.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../model-weights/format.js';
import type { WeightsJSON } from '../model-weights/format.js';
import { syncDirectory, writeFileDurable } from './checkpoint/durable-file.js';
import { makeDirs } from './make-dirs.js';

let writes = 0;

/** Entries of `dir` that a save would replace but did not write (none for a model folder). */
function foreignEntries(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n !== MODEL_JSON && n !== WEIGHTS_BIN);
}

/**
 * Saves the model's weights into `dir` as `model.json` + `weights.bin` ({@link exportWeights}'s tfjs weights
 * format), atomically: both files are written and flushed in a temporary folder next to `dir`, which then
 * replaces `dir` in one rename, so `dir` holds either the old pair or the new one. `dir` must be new, empty
 * or a folder of saved weights (an `OptionError` if it holds anything else); a failed write removes the
 * temporary folder and throws an `AmpmixError` (`E_OUTPUT`) naming `dir` and the cause. Returns `dir`.
 */
export async function saveWeights(model: MixableModel<unknown>, dir: string, options: ExportWeightsOptions = {}): Promise<string> {
  if (typeof dir !== 'string' || dir.length === 0) throw new OptionError('dir', dir, 'a non-empty folder path');
  const { modelJson, weightData } = await exportWeights(model, options);
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) {
    if (!fs.statSync(abs).isDirectory()) throw new OptionError('dir', dir, 'a folder path (it is a file)');
    const foreign = foreignEntries(abs);
    if (foreign.length) throw new OptionError('dir', dir, `a new or empty folder, or one holding only ${MODEL_JSON} and ${WEIGHTS_BIN} (it also holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`);
  }
  writes += 1;
  const parent = path.dirname(abs);
  const tag = `${path.basename(abs)}-${process.pid}-${writes}`;
  const tmp = path.join(parent, `.tmp-${tag}`);
  let old: string | null = null;
  try {
    makeDirs(tmp);
    writeFileDurable(path.join(tmp, WEIGHTS_BIN), new Uint8Array(weightData));
    writeFileDurable(path.join(tmp, MODEL_JSON), JSON.stringify(modelJson));
    syncDirectory(tmp);
    if (fs.existsSync(abs)) {
      old = path.join(parent, `.old-${tag}`);
      fs.renameSync(abs, old);
    }
    fs.renameSync(tmp, abs);
    syncDirectory(parent);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // the old weights go back where they were when the new ones did not take their place
    if (old && !fs.existsSync(abs)) fs.renameSync(old, abs);
    throw outputError(`weights ${dir}`, e);
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
  return dir;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WeightsError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** `dir/model.json` parsed and checked to be a weights manifest, and the bytes of its weight files (joined). */
function readFiles(dir: string): { modelJson: WeightsJSON; data: ArrayBuffer } {
  const jsonPath = path.join(dir, MODEL_JSON);
  let modelJson: WeightsJSON;
  try {
    modelJson = JSON.parse(readFile(jsonPath, 'the weights manifest').toString('utf8')) as WeightsJSON;
  } catch (e) {
    if (e instanceof WeightsError) throw e;
    throw new WeightsError(`${jsonPath} is not valid JSON (${(e as Error).message})`);
  }
  manifestSpecs(modelJson, jsonPath);
  const parts = manifestPaths(modelJson).map((p) => readFile(path.join(dir, p), 'the weights file'));
  const joined = Buffer.concat(parts);
  return { modelJson, data: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer };
}

/**
 * Reads weights saved in `dir` ({@link saveWeights}, or any tfjs weights manifest with its files) as tensors by
 * name, decoded by `tf.io.decodeWeights`, with the parsed `model.json` (its `userDefinedMetadata` says how
 * the weights were made). The caller owns the tensors. A {@link WeightsError} names a missing, unreadable or
 * wrongly sized file.
 */
export async function readWeights(dir: string): Promise<{ modelJson: WeightsJSON; weights: tf.NamedTensorMap }> {
  const { modelJson, data } = readFiles(dir);
  const specs = manifestSpecs(modelJson);
  const need = specBytes(specs);
  if (data.byteLength !== need) throw new WeightsError(`the weights files of ${dir} have ${data.byteLength} bytes; its manifest's weights take ${need}${data.byteLength < need ? ' (truncated?)' : ''}`);
  return { modelJson, weights: tf.io.decodeWeights(data, specs) };
}

/**
 * Loads weights saved in `dir` by {@link saveWeights} into `model` (one built the same way; its own seed does
 * not matter): checks names, shapes, dtypes and sizes first ({@link importWeights}; a {@link WeightsError}
 * naming the weight, nothing assigned), then assigns them. Returns the parsed `model.json`. Leaves no tensor.
 */
export async function loadWeights(model: MixableModel<unknown>, dir: string): Promise<WeightsJSON> {
  const { modelJson, data } = readFiles(dir);
  try {
    importWeights(model, modelJson, data);
  } catch (e) {
    if (e instanceof WeightsError) throw new WeightsError(`${path.join(dir, MODEL_JSON)}: ${e.message}`, e.problems);
    throw e;
  }
  return modelJson;
}
