import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, MixableModel } from '../src/index.js';
import { makeVariable, mixAt, Rng, uniqueScope } from '../src/index.js';

/**
 * A model that is not an MLP: a bilinear feature map h = (x A) ⊙ (x B) followed by a sine and a linear
 * read-out. Sites `input` and `product`.
 */
export function createBilinearModel(inputSize: number, width: number, numClasses: number, seed = 0): MixableModel<tf.Tensor> {
  const rng = new Rng(seed);
  const scope = uniqueScope('bilinear');
  const init = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.5);
  const weights = {
    A: makeVariable(scope, 'A', init(inputSize * width), [inputSize, width]),
    B: makeVariable(scope, 'B', init(inputSize * width), [inputSize, width]),
    C: makeVariable(scope, 'C', init(width * numClasses), [width, numClasses]),
  };
  return {
    sites: ['input', 'product'],
    numClasses,
    weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor, o?: ForwardOptions) {
      return tf.tidy(() => {
        const xi = mixAt('input', x, o);
        const h = mixAt('product', tf.mul(tf.matMul(xi, weights.A), tf.matMul(xi, weights.B)), o);
        return tf.matMul(tf.sin(h), weights.C) as tf.Tensor2D;
      });
    },
    dispose: () => Object.values(weights).forEach((v) => v.dispose()),
  };
}

/** A [n, d] batch of standard normal features. */
export function randomBatch(rng: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}
