import * as tf from '@tensorflow/tfjs';
import type { BoxTensors } from './box-tensors.js';

/**
 * 1 on pixel indices [start, end) of an axis of `length`, else 0: [B, length]. Built from `tf.step` on
 * pixel centres (never exactly on an integer edge), whose gradient is zero, so differentiating
 * through a hard mask is allowed and gives 0.
 */
function rangeIndicator(start: tf.Tensor2D, end: tf.Tensor2D, length: number): tf.Tensor2D {
  const centre = tf.add(tf.range(0, length, 1, 'float32'), 0.5).reshape([1, length]);
  return tf.mul(tf.step(tf.sub(centre, start)), tf.step(tf.sub(end, centre))) as tf.Tensor2D;
}

/**
 * The hard CutMix mask [B, H, W, 1] of the boxes with the plan's centres and sides scaled by `k` and
 * rounded to whole pixels (half to even): rows `y1 = ⌊cy − h'/2⌋ … y1 + h' − 1` with `h' = round(h·k)`,
 * likewise for columns, clipped to the image. Built from tensors only (no read-back); its λ-gradient
 * is zero. Matches `boxAtLambda`. Call inside `tf.tidy`.
 */
export function hardBoxMask(box: BoxTensors, k: tf.Tensor2D, [height, width]: readonly [number, number]): tf.Tensor4D {
  const axis = (c: tf.Tensor2D, side: tf.Tensor2D, length: number) => {
    const s = tf.round(tf.mul(side, k));
    const start = tf.floor(tf.sub(c, tf.div(s, 2))) as tf.Tensor2D;
    return rangeIndicator(start, tf.add(start, s) as tf.Tensor2D, length);
  };
  const batch = k.shape[0];
  const rows = axis(box.cy, box.h, height).reshape([batch, height, 1, 1]);
  const cols = axis(box.cx, box.w, width).reshape([batch, 1, width, 1]);
  return tf.mul(rows, cols) as tf.Tensor4D;
}
