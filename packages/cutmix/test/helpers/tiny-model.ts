import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, MixableModel } from '@ampmix/core';
import { Rng, makeVariable, mixAt, uniqueScope } from '@ampmix/core';

/** A test-only image classifier: mix at `input`, flatten, one dense layer. Keeps its weights as plain arrays too. */
export interface TinyImageModel extends MixableModel<tf.Tensor> {
  readonly plainW: Float32Array; // [H·W·C, K], row-major
  readonly plainB: Float32Array; // [K]
}

export function createTinyImageModel(shape: readonly [number, number, number], numClasses: number, seed = 1): TinyImageModel {
  const features = shape[0] * shape[1] * shape[2];
  const rng = new Rng(seed);
  const plainW = Float32Array.from({ length: features * numClasses }, () => 0.5 * rng.normal());
  const plainB = Float32Array.from({ length: numClasses }, () => 0.1 * rng.normal());
  const scope = uniqueScope('tinyimage');
  const weights = { W: makeVariable(scope, 'W', plainW, [features, numClasses]), b: makeVariable(scope, 'b', plainB, [numClasses]) };
  return {
    sites: ['input'],
    numClasses,
    weights,
    plainW,
    plainB,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D {
      return tf.tidy(() => {
        const h = mixAt('input', x, options);
        return tf.add(tf.matMul(h.reshape([h.shape[0], features]), weights.W), weights.b) as tf.Tensor2D;
      });
    },
    dispose() {
      weights.W.dispose();
      weights.b.dispose();
    },
  };
}
