import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import { OptionError } from '@ampmix/core';
import { WeightsError } from '../errors.js';
import { assignWeights } from '../weights.js';
import { assertWeightsFit, manifestSpecs, specBytes } from './check.js';

function checkModel(model: MixableModel<unknown>): void {
  if (typeof model !== 'object' || model === null || typeof model.weights !== 'object' || model.weights === null) {
    throw new OptionError('model', model, 'a MixableModel (its weights are assigned)');
  }
}

/**
 * Assigns tensors by name to the model's weights of the same names (`model.weights`) — e.g. what
 * `tf.io.loadWeights(modelJson.weightsManifest, baseUrl)` returns in a page. Every weight must be there
 * with its shape and dtype and nothing else: otherwise a {@link WeightsError} names each missing,
 * unexpected or mis-shaped weight (expected and got shape) and nothing is assigned. The tensors stay the
 * caller's (dispose them after).
 */
export function loadWeightsInto(model: MixableModel<unknown>, weightMap: tf.NamedTensorMap): void {
  checkModel(model);
  if (typeof weightMap !== 'object' || weightMap === null || !Object.values(weightMap).every((t) => t instanceof tf.Tensor)) {
    throw new OptionError('weightMap', weightMap, 'an object of tensors by weight name (a tf.NamedTensorMap)');
  }
  assertWeightsFit(model.weights, Object.entries(weightMap).map(([name, t]) => ({ name, shape: t.shape, dtype: t.dtype })), 'the weights given');
  assignWeights(model.weights, weightMap);
}

/**
 * `weightData` as one ArrayBuffer: views (Node `Buffer`s) copied out of their pools, several buffers joined
 * (tfjs 4.22's `decodeWeights` misreads a weight that follows one split across buffers).
 */
function asWeightData(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  if (Array.isArray(data) && data.every((d) => d instanceof ArrayBuffer)) return tf.io.CompositeArrayBuffer.join(data as ArrayBuffer[]);
  throw new OptionError('weightData', data, 'an ArrayBuffer, a Uint8Array or an array of ArrayBuffers (the weight files in manifest order)');
}

/**
 * Reads weights saved by {@link exportWeights} (or any tfjs weights manifest whose names are the model's)
 * into `model`: `modelJson` is the parsed `model.json`, `weightData` the bytes of its weight files joined
 * in manifest order. Checks the manifest, the names, shapes and dtypes and the data's size before
 * decoding (a {@link WeightsError} naming the weight otherwise; nothing is assigned), then assigns them;
 * the decoded tensors are freed.
 */
export function importWeights(model: MixableModel<unknown>, modelJson: unknown, weightData: ArrayBuffer | ArrayBufferView | ArrayBuffer[]): void {
  checkModel(model);
  const specs = manifestSpecs(modelJson);
  assertWeightsFit(model.weights, specs, 'the saved weights');
  const data = asWeightData(weightData);
  const bytes = data.byteLength;
  const need = specBytes(specs);
  if (bytes !== need) throw new WeightsError(`the weights data has ${bytes} bytes; the manifest's weights take ${need}${bytes < need ? ' (truncated?)' : ''}`);
  const decoded = tf.io.decodeWeights(data, specs);
  try {
    assignWeights(model.weights, decoded);
  } finally {
    for (const t of Object.values(decoded)) t.dispose();
  }
}
