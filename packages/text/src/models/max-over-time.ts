import * as tf from '@tensorflow/tfjs';
import { IndexCache } from './index-cache.js';

// Flat offsets b·T·F + f of each (b, f), per (B, T, F).
const offsetCache = new IndexCache<Int32Array>(32);

function baseOffsets(b: number, t: number, f: number): Int32Array {
  return offsetCache.get(`${b},${t},${f}`, () => {
    const out = new Int32Array(b * f);
    for (let i = 0; i < b; i++) for (let j = 0; j < f; j++) out[i * f + j] = i * t * f + j;
    return out;
  });
}

/**
 * Max over time: x [B, T, F] → [B, F], the value of `tf.max(x, 1)`. Its gradient is one scatterND of dy
 * into x's shape at the argmax (computed only when differentiated), instead of tfjs's broadcast equality
 * mask, which is slow on the wasm backend.
 *
 * Ties: all of dy goes to the FIRST maximal position along time, as PyTorch's `torch.max` /
 * `max_pool1d` do. `tf.max`'s gradient instead gives dy to every tied position, which is not a subgradient
 * when several tied positions depend on the same parameter (e.g. all-padding windows of a convolution that
 * all equal its bias). For distinct values both gradients are the same.
 */
export function maxOverTime(x: tf.Tensor3D): tf.Tensor2D {
  const op = tf.customGrad(((xIn: tf.Tensor3D, save: tf.GradSaveFunc) => {
    save([xIn]);
    return {
      value: tf.max(xIn, 1),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const xs = saved[0] as tf.Tensor3D;
        const [b, t, f] = xs.shape;
        // flat index of x[b, argmax, f] = b·T·F + argmax·F + f; argMax picks the first maximum
        const at = tf.add(tf.mul(tf.reshape(tf.argMax(xs, 1), [b * f]), tf.scalar(f, 'int32')), tf.tensor1d(baseOffsets(b, t, f), 'int32'));
        const flat = tf.scatterND(tf.reshape(at, [b * f, 1]), tf.reshape(dy, [b * f]), [b * t * f]);
        return tf.reshape(flat, [b, t, f]);
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}
