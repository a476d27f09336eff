import * as tf from '@tensorflow/tfjs';
import { mixAt } from '@ampmix/core';
import type { ForwardOptions, MixableModel } from '@ampmix/core';

/** A 2-input, 2-class linear model with sites `input` and `hidden`, for tests. */
export function createImageMlpLikeModel(): MixableModel<tf.Tensor2D> {
  const weights = {
    W: tf.variable(tf.tensor2d([[0.5, -0.3], [0.2, 0.8]]), true, `recorder_W_${Math.floor(performance.now() * 1000)}`),
    V: tf.variable(tf.tensor2d([[1.0, -1.0], [-0.5, 0.7]]), true, `recorder_V_${Math.floor(performance.now() * 1000)}`),
  };
  return {
    sites: ['input', 'hidden'],
    numClasses: 2,
    weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor2D, opts?: ForwardOptions) {
      return tf.tidy(() => {
        const h = tf.tanh(tf.matMul(mixAt('input', x, opts) as tf.Tensor2D, weights.W));
        return tf.matMul(mixAt('hidden', h, opts) as tf.Tensor2D, weights.V);
      });
    },
    dispose() {
      weights.W.dispose();
      weights.V.dispose();
    },
  };
}
