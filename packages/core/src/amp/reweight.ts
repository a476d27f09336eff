import * as tf from '@tensorflow/tfjs';

/**
 * Rolling history of positive loss deltas d = ℓ' − ℓ for AMP's re-weighting: the previous
 * `window − 1` batches. Plain data, saved in checkpoints.
 */
export interface ReweightHistory {
  /** Positive deltas of earlier batches, oldest first, one array per batch. */
  batches: number[][];
}

/** An empty history. */
export function emptyReweightHistory(): ReweightHistory {
  return { batches: [] };
}

/** Appends this batch's positive deltas and keeps the last `window − 1` batches. */
export function pushReweightHistory(history: ReweightHistory, deltas: ArrayLike<number>, window: number): void {
  const positive = Array.from(deltas).filter((d) => d > 0);
  history.batches.push(positive);
  while (history.batches.length > window - 1) history.batches.shift();
}

/**
 * Re-weighting w_i = 1 + (d_i − μ)/σ·[d_i > μ], where μ, σ are the mean and unbiased std of the positive
 * deltas of this batch and the history. With fewer than two positive deltas, or σ = 0, w = 1
 * (the reference code yields NaN there). `delta` must already be detached from the gradient tape.
 * Computed in tensor ops, without reading values back.
 */
export function reweight(delta: tf.Tensor1D, history: ReweightHistory): tf.Tensor1D {
  return tf.tidy(() => {
    const past = history.batches.flat();
    const pos = tf.cast(tf.greater(delta, 0), 'float32');
    const n = tf.add(tf.sum(pos), past.length);
    const pastT = tf.tensor1d(past, 'float32');
    const mean = tf.div(tf.add(tf.sum(tf.mul(pos, delta)), tf.sum(pastT)), tf.maximum(n, 1));
    const ssq = tf.add(tf.sum(tf.mul(pos, tf.square(tf.sub(delta, mean)))), tf.sum(tf.square(tf.sub(pastT, mean))));
    const std = tf.sqrt(tf.div(ssq, tf.maximum(tf.sub(n, 1), 1)));
    // σ = 0 or n < 2 → w = 1; a NaN σ (an infinite delta) propagates so the step is seen as non-finite
    const valid = tf.logicalAnd(tf.greaterEqual(n, 2), tf.notEqual(std, 0));
    const above = tf.cast(tf.greater(delta, mean), 'float32');
    const z = tf.div(tf.sub(delta, mean), tf.where(valid, std, tf.onesLike(std)));
    const w = tf.add(1, tf.mul(z, above));
    return tf.where(valid, w, tf.onesLike(w)) as tf.Tensor1D;
  });
}
