import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '@ampmix/core';
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
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const [h, fd, f] = filter.shape;
    if (fd !== d) throw new Error(`unfoldConv1d: filter expects ${fd} channels, input has ${d}`);
    const t = l - h + 1;
    if (t < 1) throw new Error(`unfoldConv1d: input length ${l} is shorter than the filter width ${h}`);
    const rows = tf.tensor1d(unfoldRows(b, l, h), 'int32');
    const unfolded = tf.reshape(gatherRows(tf.reshape(x, [b * l, d]), rows), [b * t, h * d]);
    const y = tf.matMul(unfolded as tf.Tensor2D, tf.reshape(filter, [h * d, f]) as tf.Tensor2D);
    return tf.reshape(y, [b, t, f]) as tf.Tensor3D;
  });
}
