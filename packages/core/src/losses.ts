import * as tf from '@tensorflow/tfjs';
import { oneOf } from './validate.js';

/** Names of the per-example losses. */
export const LOSS_NAMES = ['softmax-ce', 'softmax-bce'] as const;
/** A per-example loss name: `softmax-ce` (default) or `softmax-bce`. */
export type LossName = (typeof LOSS_NAMES)[number];

/** Validates a loss name. */
export function resolveLossName(value: unknown = 'softmax-ce'): LossName {
  return oneOf('loss', value, LOSS_NAMES);
}

/**
 * Per-example loss [B] of logits [B, C] against (soft) targets [B, C]:
 * - `softmax-ce`: −Σ_c y_c·log softmax(z)_c;
 * - `softmax-bce`: −Σ_c [y_c·log p_c + (1 − y_c)·log(1 − p_c)] with p = softmax(z) (the AMP reference code's loss).
 *   It is not clamped: when a zero-target class's probability rounds to 1 in float32 the loss is +∞
 *   and the AMP engine skips the step (as the golden fixture's float64 autograd does).
 */
export function perExampleLoss(name: LossName, logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  // an unknown name is refused, never read as softmax-bce
  const loss = oneOf('loss', name, LOSS_NAMES);
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    if (loss === 'softmax-ce') return tf.neg(tf.sum(tf.mul(targets, logP), -1)) as tf.Tensor1D;
    // log(1 − p) = log(−expm1(log p)), accurate when p is near 0 or 1
    const log1mP = tf.log(tf.neg(tf.expm1(logP)));
    const a = tf.mul(targets, logP);
    const b = tf.mul(tf.sub(1, targets), log1mP);
    return tf.neg(tf.sum(tf.add(a, b), -1)) as tf.Tensor1D;
  });
}
