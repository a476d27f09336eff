import * as tf from '@tensorflow/tfjs';
import type { BoxTensors } from './box-tensors.js';

/** σ((p − a)/τ)·σ((b − p)/τ) on the pixel centres p = j + 0.5 of an axis: [B, length]. */
function softInterval(a: tf.Tensor2D, b: tf.Tensor2D, length: number, tau: number): tf.Tensor2D {
  const p = tf.add(tf.range(0, length, 1, 'float32'), 0.5).reshape([1, length]);
  return tf.mul(tf.sigmoid(tf.div(tf.sub(p, a), tau)), tf.sigmoid(tf.div(tf.sub(b, p), tau))) as tf.Tensor2D;
}

/**
 * The soft-edged CutMix mask [B, H, W, 1] for AMP's Max step — an extension of CutMix (Yun et al.,
 * ICCV 2019), not in the paper. The box has the plan's centre (cy, cx) and continuous half-sides
 * h·k/2, w·k/2 (k = `sideScale(λ)`), with sigmoid edges of width τ evaluated at pixel centres:
 *
 *   m = σ((y − y1)/τ)·σ((y2 − y)/τ)·σ((x − x1)/τ)·σ((x2 − x)/τ),  y1,2 = cy ∓ h·k/2,  x1,2 = cx ∓ w·k/2.
 *
 * It is differentiable in λ; it equals the hard box only as τ → 0 (pixels next to an edge get
 * σ(±0.5/τ) instead of 1 or 0). Call inside `tf.tidy`.
 */
export function softBoxMask(box: BoxTensors, k: tf.Tensor2D, [height, width]: readonly [number, number], tau: number): tf.Tensor4D {
  const axis = (c: tf.Tensor2D, side: tf.Tensor2D, length: number) => {
    const half = tf.mul(tf.mul(side, k), 0.5);
    return softInterval(tf.sub(c, half) as tf.Tensor2D, tf.add(c, half) as tf.Tensor2D, length, tau);
  };
  const batch = k.shape[0];
  const rows = axis(box.cy, box.h, height).reshape([batch, height, 1, 1]);
  const cols = axis(box.cx, box.w, width).reshape([batch, 1, width, 1]);
  return tf.mul(rows, cols) as tf.Tensor4D;
}
