/**
 * @ampmix/layers/node — Node-only helpers: save a `tf.LayersModel` as `model.json` + `weights.bin` (the layout
 * tfjs-node's `file://` handler writes and `tf.loadLayersModel` reads) with plain `fs`, without tfjs-node.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { modelFromArtifacts, modelToArtifacts } from '../save.js';

/** Writes `dir/model.json` and `dir/weights.bin` (creating `dir`); returns the path of `model.json`. */
export async function saveModelToDir(model: tf.LayersModel, dir: string): Promise<string> {
  const a = await modelToArtifacts(model);
  await fs.mkdir(dir, { recursive: true });
  const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(a.weightData);
  const json = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
  };
  const file = path.join(dir, 'model.json');
  await fs.writeFile(path.join(dir, 'weights.bin'), new Uint8Array(data));
  await fs.writeFile(file, JSON.stringify(json));
  return file;
}

/** Loads a model written by {@link saveModelToDir} (or by tfjs-node's `file://` handler with one weights file). */
export async function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; format?: string; generatedBy?: string; convertedBy?: string | null;
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map(async (p) => {
    const b = await fs.readFile(path.join(dir, p));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }));
  return modelFromArtifacts({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers), format: json.format, generatedBy: json.generatedBy });
}
