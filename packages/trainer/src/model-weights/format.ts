import type * as tf from '@tensorflow/tfjs';

/** `format` of the `model.json` that {@link exportWeights} makes (a tfjs weights manifest, no topology). */
export const WEIGHTS_FORMAT = 'ampmix-weights';
/** Name of the JSON file of saved weights (tfjs's `model.json`). */
export const MODEL_JSON = 'model.json';
/** Name of the binary weights file listed in the manifest. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * The `model.json` of a built-in model's weights: tfjs's layout (`format`, `generatedBy`, `convertedBy`,
 * `weightsManifest`, `userDefinedMetadata`) without a `modelTopology` — the architecture is the code that
 * built the model. `weightsManifest` is what `tf.io.loadWeights(manifest, baseUrl)` takes, and its entries
 * are the `specs` of `tf.io.decodeWeights(data, specs)`.
 */
export interface WeightsJSON {
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  weightsManifest: tf.io.WeightsManifestConfig;
  userDefinedMetadata: Record<string, unknown>;
}
