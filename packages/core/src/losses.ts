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
 * log(1 − softmax(z)_c) for every class, [B, C], exact where the probability rounds to 1:
 * log(1 − p_c) = lse(z without z_c) − lse(z).
 *
 * Only the row's largest logit (its first argmax c*) can have p_c > 1/2; every other class has p_c ≤ 1/2 and
 * log(−expm1(log p_c)) is accurate there. For c* the masked log-sum-exp is formed directly, shifted by the
 * largest remaining logit, so nothing overflows or cancels. O(B·C) memory; the unused branch of each `where`
 * is fed finite values so its gradient is 0, not NaN.
 */
export function logOneMinusSoftmax(logits: tf.Tensor2D, logP: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const isTop = tf.cast(tf.oneHot(tf.argMax(logits, -1), numClasses), 'bool');
    // classes other than c*: p ≤ 1/2
    const safeLogP = tf.where(isTop, tf.fill(logP.shape, -1), logP);
    const others = tf.log(tf.neg(tf.expm1(safeLogP)));
    // c*: lse over the other classes, minus lse(z)
    const rest = tf.where(isTop, tf.fill(logits.shape, -Infinity), logits);
    const restMax = tf.max(rest, -1, true);
    const restLse = tf.add(restMax, tf.log(tf.sum(tf.exp(tf.sub(rest, restMax)), -1, true)));
    const lse = tf.sub(logits, logP); // lse(z), broadcast over the classes
    const top = tf.sub(restLse, lse);
    return tf.where(isTop, top, others) as tf.Tensor2D;
  });
}

/**
 * Per-example loss [B] of logits [B, C] against (soft) targets [B, C]:
 * - `softmax-ce`: −Σ_c y_c·log softmax(z)_c;
 * - `softmax-bce`: −Σ_c [y_c·log p_c + (1 − y_c)·log(1 − p_c)] with p = softmax(z) (the AMP reference code's loss),
 *   with log p_c = z_c − lse(z) and log(1 − p_c) = lse(z without z_c) − lse(z) (see {@link logOneMinusSoftmax}):
 *   finite, and accurate in float32, however far one logit leads. Nothing is clamped (PyTorch's `BCELoss`
 *   clamps each log at −100; see the README).
 */
export function perExampleLoss(name: LossName, logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  // an unknown name is refused, never read as softmax-bce
  const loss = oneOf('loss', name, LOSS_NAMES);
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    if (loss === 'softmax-ce') return tf.neg(tf.sum(tf.mul(targets, logP), -1)) as tf.Tensor1D;
    const log1mP = logOneMinusSoftmax(logits, logP);
    const a = tf.mul(targets, logP);
    const b = tf.mul(tf.sub(1, targets), log1mP);
    return tf.neg(tf.sum(tf.add(a, b), -1)) as tf.Tensor1D;
  });
}
