import * as tf from '@tensorflow/tfjs';
import type { Dataset, LossName, MixableModel } from '@ampmix/core';
import { disposeBatch, perExampleLoss, toTargets } from '@ampmix/core';
import { readElement } from './data.js';

/** Mean per-example loss and accuracy of a model on data. */
export interface Evaluation {
  loss: number;
  acc: number;
}

/** A source of labelled batches: a core dataset (batched here) or a `tf.data.Dataset` of `{xs, ys}` batches. */
export type BatchSource = Dataset<tf.Tensor> | tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;

/**
 * Mean per-example loss (`loss`, on one-hot or soft targets) and accuracy (argmax of the logits against the argmax
 * of the targets) of `model` in inference mode over every example of `data`, in batches of `batchSize`.
 * Leaves no tensors behind.
 */
export async function evaluateModel(model: MixableModel<tf.Tensor>, data: BatchSource, batchSize: number, loss: LossName): Promise<Evaluation> {
  let [sum, correct, count] = [0, 0, 0];
  const add = async (inputs: tf.Tensor, labels: tf.Tensor) => {
    const packed = tf.tidy(() => {
      const z = model.forward(inputs, { training: false });
      const y = toTargets(labels.rank === 2 && labels.shape[1] === 1 ? labels.reshape([-1]) : labels, model.numClasses);
      const l = perExampleLoss(loss, z, y);
      const hit = tf.cast(tf.equal(tf.argMax(z, 1), tf.argMax(y, 1)), 'float32');
      return tf.stack([tf.sum(l), tf.sum(hit)]);
    });
    const [s, c] = await packed.data();
    packed.dispose();
    sum += s;
    correct += c;
    count += inputs.shape[0];
  };
  if (data instanceof tf.data.Dataset) {
    const it = await data.iterator();
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const { xs, ys } = readElement(r.value);
      try {
        await add(xs, ys);
      } finally {
        tf.dispose([xs, ys]);
      }
    }
  } else {
    for (let start = 0; start < data.size; start += batchSize) {
      const indices = Int32Array.from({ length: Math.min(batchSize, data.size - start) }, (_, k) => start + k);
      const b = data.batch(indices);
      try {
        await add(b.inputs, b.labels);
      } finally {
        disposeBatch(b);
      }
    }
  }
  return count === 0 ? { loss: Number.NaN, acc: Number.NaN } : { loss: sum / count, acc: correct / count };
}
