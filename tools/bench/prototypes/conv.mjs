// Prototype: alternatives to the Kim CNN's convolution, not adopted by @ampmix/sentence-mixup (whose
// unfoldConv1d, a row-gather unfold + one matMul, and maxOverTime are the library's; conv-bench.mjs compares):
//  - shiftConv1dAll: every width's filters in one [B·L, D]·[D, Σh·F] matMul, then shifted slice-adds per
//    width (no unfold);
//  - tapConv1d: one matMul per tap and slices along time only.
import * as tf from '@tensorflow/tfjs';

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
