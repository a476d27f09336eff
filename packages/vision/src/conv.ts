import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@ampmix/core';
import type { CustomGradientFunc, StepCache } from '@ampmix/core';

/**
 * Filter gradient of a stride-1 'same' convolution with an odd k_h×k_w kernel:
 * dW[i, j, c, o] = Σ_{b,y,x} x_pad[b, y+i, x+j, c]·dy[b, y, x, o], computed as one forward 'valid'
 * convolution of x_pad (channels as batch) with dy (batch as channels). No `Conv2DBackpropFilter`
 * kernel is needed, so it runs on the wasm backend.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [ph, pw] = [(kh - 1) / 2, (kw - 1) / 2];
    const padded = ph || pw ? tf.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]]) : x;
    const out = tf.conv2d(tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D, 1, 'valid');
    return tf.transpose(out, [1, 2, 0, 3]); // [C_in, k_h, k_w, C_out] → [k_h, k_w, C_in, C_out]
  });
}

/**
 * Input gradient of a stride-1 'same' convolution with an odd kernel: the 'same' convolution of dy with the
 * filter rotated by 180° and its channel axes swapped (a forward `Conv2D`, fast on every backend).
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, 'same'));
}

/** Options of {@link conv2dSame}. */
export interface Conv2dSameOptions {
  /**
   * Whether x is differentiated too (default true). Pass `false` when x needs no gradient (e.g. raw
   * pixels that are not mixed): the backward pass then skips dx, and x is treated as a constant.
   */
  inputGradient?: boolean;
}

/**
 * 2-D convolution, stride 1, 'same' padding, odd kernel sizes: the values of `tf.conv2d(x, filter, 1, 'same')`
 * with a custom gradient built from forward convolutions ({@link conv2dInputGrad}, {@link conv2dFilterGrad}),
 * so it trains on the wasm backend (which lacks `Conv2DBackpropFilter` and whose `Conv2DBackpropInput` is
 * slow). `x` is [B, H, W, C_in], `filter` [k_h, k_w, C_in, C_out]. Throws a {@link ShapeError} naming the
 * expected shapes.
 */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2dSameOptions = {}): tf.Tensor4D {
  if (filter.rank !== 4) throw new ShapeError(`conv2dSame filter must have shape [kh, kw, inChannels, outChannels]; got [${filter.shape.join(', ')}]`);
  const [kh, kw, cin] = filter.shape;
  if (x.rank !== 4 || x.shape[3] !== cin) {
    throw new ShapeError(`conv2dSame input must have shape [batch, height, width, ${cin}]; got [${x.shape.join(', ')}]`);
  }
  if (kh % 2 === 0 || kw % 2 === 0) throw new ShapeError(`conv2dSame needs odd kernel sizes; got ${kh}×${kw}`);
  if (options.inputGradient === false) {
    const op = tf.customGrad(((fIn: tf.Tensor4D, save: tf.GradSaveFunc) => {
      save([fIn]);
      return { value: tf.conv2d(x, fIn, 1, 'same'), gradFunc: (dy: tf.Tensor4D) => conv2dFilterGrad(x, dy, kh, kw) };
    }) as CustomGradientFunc);
    return op(filter) as tf.Tensor4D;
  }
  const op = tf.customGrad(((xIn: tf.Tensor4D, fIn: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xIn, fIn]);
    return {
      value: tf.conv2d(xIn, fIn, 1, 'same'),
      gradFunc: (dy: tf.Tensor4D, [xs, fs]: tf.Tensor[]) => [conv2dInputGrad(dy, fs as tf.Tensor4D), conv2dFilterGrad(xs as tf.Tensor4D, dy, kh, kw)],
    };
  }) as CustomGradientFunc);
  return op(x, filter) as tf.Tensor4D;
}

/**
 * {@link conv2dSame} with `inputGradient: false`, through an AMP step's cache: the convolution is computed once
 * per step under `key`, also for the taped training pass, where its filter gradient is {@link conv2dFilterGrad}
 * (the same values as `conv2dSame` on the tape). Without a cache, exactly `conv2dSame(x, filter, { inputGradient: false })`.
 */
export function sharedConv2dSame(cache: StepCache | undefined, key: string, x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  if (!cache) return conv2dSame(x, filter, { inputGradient: false });
  const [kh, kw] = filter.shape;
  return cache.memoWithGradient(
    key,
    () => [filter],
    ([f], [xc]) => conv2dSame(xc as tf.Tensor4D, f as tf.Tensor4D, { inputGradient: false }),
    (dy, _f, [xc]) => [conv2dFilterGrad(xc as tf.Tensor4D, dy, kh, kw)],
    () => [x],
  );
}
