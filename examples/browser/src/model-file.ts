import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';

/** The JSON beside the weights: tf.io's weights manifest plus what rebuilds the model. */
export interface ModelFile {
  format: 'ampmix-weights/1';
  /** How the page built the model (task, seed, settings): rebuild it with the same options, then load. */
  model: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** A model's weights in tf.io's weights format (`weights.bin` + a manifest in `model.json`). */
export async function exportWeights(model: MixableModel<unknown>, meta: Record<string, unknown>, binName = 'weights.bin'): Promise<{ json: ModelFile; bin: ArrayBuffer }> {
  const { data, specs } = await tf.io.encodeWeights(model.weights as Record<string, tf.Tensor>);
  return { json: { format: 'ampmix-weights/1', model: meta, weightsManifest: [{ paths: [binName], weights: specs }] }, bin: data };
}

/** Loads exported weights into a model built with the same options (names and shapes must match; nothing changes otherwise). */
export function importWeights(model: MixableModel<unknown>, json: ModelFile, bin: ArrayBuffer): void {
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const named = tf.io.decodeWeights(bin, specs);
  try {
    const entries = Object.entries(model.weights);
    for (const [name, v] of entries) {
      const t = named[name];
      if (!t || t.shape.join() !== v.shape.join()) throw new Error(`weights: ${name} ${t ? `has shape [${t.shape}]` : 'is missing'}; the model needs [${v.shape}]`);
    }
    for (const [name, v] of entries) v.assign(named[name]);
  } finally {
    tf.dispose(named);
  }
}
