import * as tf from '@tensorflow/tfjs';
import { OptionError } from '@ampmix/core';
import type { Batch, Dataset } from '@ampmix/core';

/**
 * Padded token-id sentences with integer labels, kept in plain arrays; {@link TextDataset.batch}
 * materialises int32 tensors on demand (ids [B, maxLength], labels [B]). The caller disposes them.
 */
export class TextDataset implements Dataset<tf.Tensor2D> {
  /** Number of examples. */
  readonly size: number;

  /**
   * @param ids row-major [size, maxLength] token ids (0 = padding)
   * @param labels class index of each example
   * @param lengths tokens kept per example
   */
  constructor(
    readonly ids: Int32Array,
    readonly labels: Int32Array,
    readonly lengths: Int32Array,
    readonly maxLength: number,
    readonly numClasses: number,
  ) {
    this.size = labels.length;
    if (ids.length !== this.size * maxLength) {
      throw new OptionError('ids', `${ids.length} ids`, `${this.size} × ${maxLength} = ${this.size * maxLength} ids`);
    }
  }

  /** Token ids of example `i` (a view, padding included). */
  row(i: number): Int32Array {
    return this.ids.subarray(i * this.maxLength, (i + 1) * this.maxLength);
  }

  /** int32 ids [B, maxLength] and labels [B] of the examples at `indices`, in that order. */
  batch(indices: ArrayLike<number>): Batch<tf.Tensor2D> {
    const n = indices.length;
    const L = this.maxLength;
    const ids = new Int32Array(n * L);
    const labels = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= this.size) {
        throw new OptionError(`indices[${k}]`, i, `an integer in [0, ${this.size - 1}]`);
      }
      ids.set(this.row(i), k * L);
      labels[k] = this.labels[i];
    }
    return { inputs: tf.tensor2d(ids, [n, L], 'int32'), labels: tf.tensor1d(labels, 'int32') };
  }
}
