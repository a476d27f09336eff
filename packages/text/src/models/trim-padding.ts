import * as tf from '@tensorflow/tfjs';

// ids tensors seen, with their active length: AMP's passes of one step share the batch's ids tensor, so one read
// per step
const activeLengths = new WeakMap<tf.Tensor, number>();

/**
 * The number of leading positions of `ids` [B, L] that hold a token (id ≠ 0) in any row: positions after it are
 * padding in every row. At least 1. Reads the ids once per tensor (a small synchronous read).
 */
export function activeLength(ids: tf.Tensor2D): number {
  const known = activeLengths.get(ids);
  if (known !== undefined) return known;
  const [b, l] = ids.shape;
  const data = ids.dataSync();
  let n = 1;
  for (let i = 0; i < b; i++) {
    for (let t = l - 1; t >= n; t--) {
      if (data[i * l + t] !== 0) {
        n = t + 1;
        break;
      }
    }
  }
  activeLengths.set(ids, n);
  return n;
}

/**
 * `ids` [B, L] without the trailing positions that are padding in every row ([B, activeLength]); `ids` itself when
 * there are none. For models whose padding is masked (it neither moves a state nor receives attention), so that
 * the result is the same.
 */
export function trimTrailingPadding(ids: tf.Tensor2D): tf.Tensor2D {
  const n = activeLength(ids);
  return n === ids.shape[1] ? ids : (tf.slice(ids, [0, 0], [ids.shape[0], n]) as tf.Tensor2D);
}
