import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileDurable } from './durable-file.js';
import { makeDirs } from '../make-dirs.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../../model-weights/format.js';

export { MODEL_JSON, WEIGHTS_BIN };

/** The bytes of tfjs weight data (one buffer or several joined), as written to weights.bin. */
export function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return new Uint8Array(Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data);
}

/** A `tf.io.IOHandler` whose `save` and `load` are both present. */
export type FileSystemIOHandler = tf.io.IOHandler & Required<Pick<tf.io.IOHandler, 'save' | 'load'>>;

/**
 * A `tf.io.IOHandler` for the local file system (pure tfjs has no `file://` handler): `save` writes
 * `model.json` (the tfjs format: topology, training config, a weights manifest) and `weights.bin` into
 * `dir` (created if needed), each flushed to disk; `load` reads them back. Float weights round-trip exactly.
 */
export function fileSystemIO(dir: string): FileSystemIOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new TypeError('fileSystemIO saves JSON model topologies only');
      makeDirs(dir);
      const json: tf.io.ModelJSON = {
        modelTopology: (artifacts.modelTopology ?? null) as unknown as tf.io.ModelJSON['modelTopology'],
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFileDurable(path.join(dir, WEIGHTS_BIN), toBytes(artifacts.weightData));
      writeFileDurable(path.join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      return modelArtifactsFromBytes(json, fs.readFileSync(path.join(dir, WEIGHTS_BIN)));
    },
  };
}

/** Model artifacts from a parsed `model.json` and the bytes of its single weights file. */
export function modelArtifactsFromBytes(json: tf.io.ModelJSON, weights: Uint8Array): tf.io.ModelArtifacts {
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const data = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return {
    modelTopology: json.modelTopology ?? undefined,
    weightSpecs: specs,
    weightData: data,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

let routerRegistered = false;

/**
 * Registers {@link fileSystemIO} for `file://` URLs with `tf.io.registerSaveRouter`/`registerLoadRouter`,
 * so `model.save('file://dir')` works on pure tfjs. Idempotent. Do not call it when
 * `@tensorflow/tfjs-node` is loaded (it registers its own `file://` handler).
 */
export function registerFileRouter(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  const route = (url: string | string[]) => {
    const u = Array.isArray(url) ? url[0] : url;
    // a router answers null for URLs it does not handle (tfjs's IORouter type omits that)
    return (typeof u === 'string' && u.startsWith('file://') ? fileSystemIO(u.slice('file://'.length)) : null) as tf.io.IOHandler;
  };
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
}
