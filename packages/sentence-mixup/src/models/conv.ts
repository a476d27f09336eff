import * as tf from '@tensorflow/tfjs';

/**
 * A 1-D "valid" convolution over time as unfold + matMul: the `h` shifted slices x[:, k : k + T, :] are
 * stacked along the channels ([B, T, h·D], T = L − h + 1) and multiplied by the filter bank reshaped to
 * [h·D, F]. Same result as `tf.conv1d(x, filter, 1, 'valid')` with filter [h, D, F], but its gradient
 * with respect to the filter needs no `Conv2DBackpropFilter`, which the wasm backend lacks.
 */
export function unfoldConv1d(x: tf.Tensor3D, filter: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const [h, fd, f] = filter.shape;
    if (fd !== d) throw new Error(`unfoldConv1d: filter expects ${fd} channels, input has ${d}`);
    const t = l - h + 1;
    if (t < 1) throw new Error(`unfoldConv1d: input length ${l} is shorter than the filter width ${h}`);
    const slices: tf.Tensor[] = [];
    for (let k = 0; k < h; k++) slices.push(tf.slice(x, [0, k, 0], [b, t, d]));
    const unfolded = h === 1 ? slices[0] : tf.concat(slices, 2);
    const y = tf.matMul(tf.reshape(unfolded, [b * t, h * d]), tf.reshape(filter, [h * d, f]));
    return tf.reshape(y, [b, t, f]) as tf.Tensor3D;
  });
}
