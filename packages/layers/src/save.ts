import * as tf from '@tensorflow/tfjs';

/**
 * The model in tfjs's save format (topology, weight specs, weight data), in memory: `model.save` through
 * `tf.io.withSaveHandler`, so it works in any environment (no `file://` handler needed). Reload it with
 * {@link modelFromArtifacts}, or write it out as `model.json` + `weights.bin` (`saveModelToDir` in `@ampmix/layers/node`).
 */
export async function modelToArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** A `tf.LayersModel` from {@link modelToArtifacts}'s artifacts: `tf.loadLayersModel(tf.io.fromMemory(artifacts))`. */
export function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
