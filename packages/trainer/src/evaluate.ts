import * as tf from '@tensorflow/tfjs';
import type { Dataset, MixableModel } from '@ampmix/core';
import { OptionError, disposeBatch, integerAtLeast, noUnknownKeys, perExampleLoss, toTargets } from '@ampmix/core';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples per forward pass; default 256 (only speed and memory depend on it). */
  batchSize?: number;
}

/** Result of {@link evaluate}. */
export interface EvaluationResult {
  /** Fraction of examples whose arg-max logit is not the label, in [0, 1] (ties go to the lower class). */
  error: number;
  /** Mean softmax cross-entropy against the one-hot labels. */
  loss: number;
}

/**
 * Error rate and mean cross-entropy of `model` on `data`, in inference mode (no dropout, no mixing).
 * Reads one pair of numbers back per batch and leaves no tensors behind.
 */
export async function evaluate<I>(model: MixableModel<I>, data: Dataset<I>, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  noUnknownKeys('evaluate', options, ['batchSize']);
  const batchSize = integerAtLeast('batchSize', options.batchSize ?? 256, 1);
  if (!data || typeof data.batch !== 'function') throw new OptionError('data', data, 'a Dataset');
  const n = integerAtLeast('data.size', data.size, 1);
  let wrong = 0;
  let lossSum = 0;
  for (let start = 0; start < n; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const batch = data.batch(indices);
    try {
      const packed = tf.tidy(() => {
        const logits = model.forward(batch.inputs, { training: false });
        const labels = tf.cast(batch.labels, 'int32') as tf.Tensor1D;
        const ce = perExampleLoss('softmax-ce', logits, toTargets(labels, model.numClasses));
        const miss = tf.cast(tf.notEqual(tf.argMax(logits, 1), labels), 'float32');
        return tf.stack([tf.sum(ce), tf.sum(miss)]);
      });
      const [l, w] = await packed.data();
      packed.dispose();
      lossSum += l;
      wrong += w;
    } finally {
      disposeBatch(batch);
    }
  }
  return { error: wrong / n, loss: lossSum / n };
}
