import * as tf from '@tensorflow/tfjs';
import { ShapeError } from './errors.js';
import { linearMix } from './mixer.js';

/**
 * Targets as a float [B, C] matrix: int labels [B] become one-hot rows; a float [B, C] (soft
 * targets) passes through.
 */
export function toTargets(labels: tf.Tensor, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (labels.rank === 1) return tf.oneHot(labels.toInt() as tf.Tensor1D, numClasses).toFloat() as tf.Tensor2D;
    if (labels.rank === 2 && labels.shape[1] === numClasses) return labels.toFloat() as tf.Tensor2D;
    throw new ShapeError(`labels must be [batch] class indices or [batch, ${numClasses}] targets; got shape [${labels.shape.join(', ')}]`);
  });
}

/** Mixed targets ỹ_i = λ_i·y_i + (1 − λ_i)·y_π(i). AMP always mixes targets with the plan's λ, never λ'. */
export function mixTargets(targets: tf.Tensor2D, partners: tf.Tensor1D, lambda: tf.Tensor1D): tf.Tensor2D {
  return linearMix(targets, partners, lambda) as tf.Tensor2D;
}
