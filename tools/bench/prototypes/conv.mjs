// Prototype: faster pieces of the Kim CNN's convolution block (conv + bias + ReLU + max over time) for wasm.
//  - shiftConv1dAll: every width's filters in one [B·L, D]·[D, Σh·F] matMul, then shifted slice-adds per
//    width (no unfold: no [B, T, h·D] concat forward, no split backward);
//  - maxOverTime: max over axis 1 whose gradient routes dy to the argmax with one scatterND (tfjs's max
//    gradient builds a broadcast Equal mask, slow on wasm). Ties: all of dy goes to the first maximum
//    (tfjs's mask gives it to every tied position; ties have probability ~0 with real-valued inputs).
// Combine with fast-matmul-grad.mjs (the gradient of every matMul without transposed operands).
import * as tf from '@tensorflow/tfjs';
import { gatherRowsNd } from './gather-nd.mjs';

/**
 * y_h = conv1d(x, filter_h, 'valid') for every width h, from one projection: P = x·[W_h1 | W_h2 | …]
 * ([B, L, Σh·F]); y_h[:, t] = Σ_k P[:, t + k, block(h, k)]. filters: [h, D, F] each. Returns [B, L − h + 1, F] per width.
 */
export function shiftConv1dAll(x, filters) {
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const f = filters[0].shape[2];
    const blocks = filters.map((w) => tf.reshape(tf.transpose(w, [1, 0, 2]), [d, w.shape[0] * f]));
    const wAll = blocks.length === 1 ? blocks[0] : tf.concat(blocks, 1);
    const p = tf.reshape(tf.matMul(tf.reshape(x, [b * l, d]), wAll), [b, l, -1]);
    const out = [];
    let col = 0;
    for (const w of filters) {
      const h = w.shape[0];
      const t = l - h + 1;
      let y = tf.slice(p, [0, 0, col], [b, t, f]);
      for (let k = 1; k < h; k++) y = tf.add(y, tf.slice(p, [0, k, col + k * f], [b, t, f]));
      out.push(y);
      col += h * f;
    }
    return out;
  });
}

/**
 * conv1d(x, filter, 'valid') as Σ_k shift_k(x·W_k): one [B·L, D]·[D, F] matMul per tap k and slices along
 * time only (contiguous on the wasm backend; slices across the channel axis are strided and slow there).
 */
export function tapConv1d(x, filter) {
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const [h, , f] = filter.shape;
    const t = l - h + 1;
    const x2 = tf.reshape(x, [b * l, d]);
    let y = null;
    for (let k = 0; k < h; k++) {
      const wk = tf.reshape(tf.slice(filter, [k, 0, 0], [1, d, f]), [d, f]);
      const pk = tf.slice(tf.reshape(tf.matMul(x2, wk), [b, l, f]), [0, k, 0], [b, t, f]);
      y = y ? tf.add(y, pk) : pk;
    }
    return y;
  });
}

const unfoldCache = new Map();
function unfoldRows(b, l, h) {
  const key = `${b}x${l}x${h}`;
  if (!unfoldCache.has(key)) {
    const t = l - h + 1;
    const rows = new Int32Array(b * t * h);
    let n = 0;
    for (let i = 0; i < b; i++) for (let j = 0; j < t; j++) for (let k = 0; k < h; k++) rows[n++] = i * l + j + k;
    unfoldCache.set(key, rows);
  }
  return unfoldCache.get(key);
}

/**
 * The unfold convolution with the unfold done by one row gather: row (b, t, k) of the [B·T·h, D] gather is
 * x[b, t + k], so its [B·T, h·D] reshape is the unfolded input (no slices, no concat; the backward is one
 * scatterND instead of a split). Then one [B·T, h·D]·[h·D, F] matMul, as unfoldConv1d.
 */
export function gatherUnfoldConv1d(x, filter) {
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const [h, , f] = filter.shape;
    const t = l - h + 1;
    const idx = tf.tensor1d(unfoldRows(b, l, h), 'int32');
    const unfolded = tf.reshape(gatherRowsNd(tf.reshape(x, [b * l, d]), idx), [b * t, h * d]);
    return tf.reshape(tf.matMul(unfolded, tf.reshape(filter, [h * d, f])), [b, t, f]);
  });
}

const indexCache = new Map();
function bfIndex(b, f) {
  const key = `${b}x${f}`;
  if (!indexCache.has(key)) {
    const bi = new Int32Array(b * f);
    const fi = new Int32Array(b * f);
    for (let i = 0; i < b; i++) for (let j = 0; j < f; j++) [bi[i * f + j], fi[i * f + j]] = [i, j];
    indexCache.set(key, [bi, fi]);
  }
  return indexCache.get(key);
}

/** max over axis 1 of [B, T, F] → [B, F], gradient by one scatterND at the argmax (computed only when differentiated). */
export function maxOverTime(x) {
  const op = tf.customGrad((xIn, save) => {
    save([xIn]);
    return {
      value: tf.max(xIn, 1),
      gradFunc: (dy, [xs]) => {
        const [b, t, f] = xs.shape;
        const [bi, fi] = bfIndex(b, f);
        const arg = tf.reshape(tf.argMax(xs, 1), [b * f]);
        const idx = tf.stack([tf.tensor1d(bi, 'int32'), arg, tf.tensor1d(fi, 'int32')], 1);
        return tf.scatterND(idx, tf.reshape(dy, [b * f]), [b, t, f]);
      },
    };
  });
  return op(x);
}
