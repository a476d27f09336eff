import * as tf from '@tensorflow/tfjs';
import { positiveNumber } from '@ampmix/core';

/**
 * Kim's (2014) max-norm constraint: rescales each column of a [in, out] weight matrix (the weights into
 * one output unit) whose L2 norm exceeds `maxNorm` back to `maxNorm` (Kim: s = 3, on the softmax layer,
 * after each update). In place.
 */
export function applyMaxNorm(weight: tf.Variable, maxNorm = 3): void {
  positiveNumber('maxNorm', maxNorm);
  tf.tidy(() => {
    const norms = tf.sqrt(tf.sum(tf.square(weight), 0, true));
    const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norms, 1e-12)));
    weight.assign(tf.mul(weight, scale));
  });
}
