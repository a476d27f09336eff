import * as tf from '@tensorflow/tfjs';
import { gatherRows, sharedMatMul } from '@ampmix/core';
import type { StepCache } from '@ampmix/core';
import { IndexCache } from './index-cache.js';

// Row indices of the unfold, per (B, L, h).
const unfoldRowCache = new IndexCache<Int32Array>(32);

/** Row (b, t, k) of the [B·T·h] index vector is b·L + t + k: the row of x[b, t + k] in x as [B·L, D]. */
function unfoldRows(b: number, l: number, h: number): Int32Array {
  return unfoldRowCache.get(`${b},${l},${h}`, () => {
    const t = l - h + 1;
    const rows = new Int32Array(b * t * h);
    let n = 0;
    for (let i = 0; i < b; i++) for (let j = 0; j < t; j++) for (let k = 0; k < h; k++) rows[n++] = i * l + j + k;
    return rows;
  });
}

/**
 * A 1-D "valid" convolution over time as unfold + matMul. The unfold is one row gather (core's `gatherRows`)
 * of x as [B·L, D]: row (b, t, k) is x[b, t + k], so the [B·T·h, D] result reshaped to [B·T, h·D]
 * (T = L − h + 1) holds each window's h word vectors side by side; it is multiplied by the filter bank
 * reshaped to [h·D, F]. Same result as `tf.conv1d(x, filter, 1, 'valid')` with filter [h, D, F]. Its
 * gradient needs no `Conv2DBackpropFilter` (which the wasm backend lacks), and no slices or concat: the
 * gradient with respect to x is one scatterND (overlapping windows summed).
 */
export function unfoldConv1d(x: tf.Tensor3D, filter: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => sharedUnfoldConv1d(undefined, '', () => x, x.shape, filter));
}

/**
 * {@link unfoldConv1d} through an AMP step's cache (core's `sharedMatMul`): the convolution's matMul is computed
 * once per step, also for the taped training pass, where its gradient is the one `unfoldConv1d` has on the tape
 * (same values). `x` is a thunk of the given shape, called only where needed; `inputGradient: false` treats x as
 * a constant (frozen embeddings). Without a cache, exactly `unfoldConv1d(x(), filter)`. Not tidied itself (so
 * that `x` may create a tensor the caller reuses): call it inside a `tf.tidy`.
 */
export function sharedUnfoldConv1d(
  cache: StepCache | undefined,
  key: string,
  x: () => tf.Tensor3D,
  xShape: readonly number[],
  filter: tf.Tensor3D,
  inputGradient = true,
): tf.Tensor3D {
  const [b, l, d] = xShape;
  const [h, fd, f] = filter.shape;
  if (fd !== d) throw new Error(`unfoldConv1d: filter expects ${fd} channels, input has ${d}`);
  const t = l - h + 1;
  if (t < 1) throw new Error(`unfoldConv1d: input length ${l} is shorter than the filter width ${h}`);
  const unfolded = () => {
    const rows = tf.tensor1d(unfoldRows(b, l, h), 'int32');
    return tf.reshape(gatherRows(tf.reshape(x(), [b * l, d]), rows), [b * t, h * d]) as tf.Tensor2D;
  };
  const y = sharedMatMul(cache, key, unfolded, () => tf.reshape(filter, [h * d, f]) as tf.Tensor2D, { aGradient: inputGradient });
  return tf.reshape(y, [b, t, f]) as tf.Tensor3D;
}
