import * as tf from '@tensorflow/tfjs';
import { noUnknownKeys, OptionError } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import { TRAINER_VERSION } from '../run-config.js';
import { WEIGHTS_BIN, WEIGHTS_FORMAT } from './format.js';
import type { WeightsJSON } from './format.js';

/** Options of {@link exportWeights}. */
export interface ExportWeightsOptions {
  /** Plain JSON stored as the `userDefinedMetadata` of `model.json` (e.g. how the model was built); default `{}`. */
  metadata?: Record<string, unknown>;
}

/** What {@link exportWeights} returns: `model.json`'s content and the bytes of `weights.bin`. */
export interface ExportedWeights {
  modelJson: WeightsJSON;
  weightData: ArrayBuffer;
}

/** `metadata` checked to be a plain object that survives `JSON.stringify`; returns a JSON copy. */
export function jsonMetadata(metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new OptionError('metadata', metadata, 'a plain object of JSON values');
  }
  try {
    return JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
  } catch (e) {
    throw new OptionError('metadata', metadata, `a plain object of JSON values (${(e as Error).message})`);
  }
}

/**
 * The weights of a model (`model.weights`, by their names there) in tfjs's weights format: `modelJson` is a
 * `model.json` whose `weightsManifest` lists one file, `weights.bin`, holding `weightData` (written by
 * `tf.io.encodeWeights`; float32 values exact). Read them back with {@link importWeights}, with
 * `tf.io.loadWeights(modelJson.weightsManifest, baseUrl)` in a page, or `tf.io.decodeWeights(weightData,
 * modelJson.weightsManifest[0].weights)`. Creates no tensors.
 */
export async function exportWeights(model: MixableModel<unknown>, options: ExportWeightsOptions = {}): Promise<ExportedWeights> {
  noUnknownKeys('exportWeights', options, ['metadata']);
  if (typeof model !== 'object' || model === null || typeof model.weights !== 'object' || model.weights === null) {
    throw new OptionError('model', model, 'a MixableModel (its weights are exported)');
  }
  const metadata = jsonMetadata(options.metadata ?? {});
  const { data, specs } = await tf.io.encodeWeights({ ...model.weights });
  return {
    modelJson: {
      format: WEIGHTS_FORMAT,
      generatedBy: `@ampmix/trainer ${TRAINER_VERSION}`,
      convertedBy: null,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
      userDefinedMetadata: metadata,
    },
    weightData: data,
  };
}
