import type * as tf from '@tensorflow/tfjs';

/** A batch of examples as tensors. The caller owns them: dispose with {@link disposeBatch}. */
export interface Batch<I = tf.Tensor> {
  inputs: I;
  /** Integer class labels [B]. */
  labels: tf.Tensor1D;
}

/**
 * A labelled dataset that materialises batches on demand (examples stay in plain arrays until asked
 * for). Implemented by the image and text loaders; consumed by the trainer.
 */
export interface Dataset<I = tf.Tensor> {
  /** Number of examples. */
  readonly size: number;
  /** Number of classes. */
  readonly numClasses: number;
  /** Label of every example, in order. */
  readonly labels: Int32Array;
  /** Tensors for the examples at `indices` (in that order). */
  batch(indices: ArrayLike<number>): Batch<I>;
}

/** Disposes every tensor of a batch (inputs may be a tensor, an array or a record of tensors). */
export function disposeBatch<I>(batch: Batch<I>): void {
  const { inputs } = batch;
  const list: unknown[] = Array.isArray(inputs) ? inputs : inputs && typeof inputs === 'object' && !('dispose' in (inputs as object)) ? Object.values(inputs as object) : [inputs];
  for (const t of list) (t as tf.Tensor).dispose();
  batch.labels.dispose();
}
