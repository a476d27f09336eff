import * as tf from '@tensorflow/tfjs';
import { wasmFastPathsInstalled } from './wasm/fast-paths.js';

/** The function type `tf.customGrad` takes (not exported under a name by tfjs). */
export type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * `tf.gather(x, indices)` along axis 0 with a gradient built from `tf.scatterND` (duplicates summed).
 * tfjs's own gather gradient needs the `UnsortedSegmentSum` kernel, which the wasm backend lacks;
 * this one trains on every backend. Used for partner lookup and embedding tables. With the wasm fast paths
 * installed (`installWasmFastPaths`) the forward runs GatherNd on wasm, whose GatherV2 copies element by element.
 */
export function gatherRows(x: tf.Tensor, indices: tf.Tensor1D): tf.Tensor {
  if (indices.dtype !== 'int32') return tf.tidy(() => gatherRows(x, indices.toInt()));
  const idx = indices;
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const idx2 = tf.expandDims(idx, 1);
    save([idx2]);
    const nd = wasmFastPathsInstalled() && tf.getBackend() === 'wasm';
    return {
      value: nd ? tf.gatherND(xIn, idx2) : tf.gather(xIn, idx),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0], dy, xIn.shape),
    };
  }) as CustomGradientFunc);
  return op(x) as tf.Tensor;
}
