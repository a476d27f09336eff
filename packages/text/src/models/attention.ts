import * as tf from '@tensorflow/tfjs';

/** Added to the scores of padding positions: exp of it is exactly 0 in float32. */
const MASKED = -1e9;

/**
 * Attention weights over time as in the AMP reference code's BiLSTM: α = softmax_t(tanh(H_t)·w), with
 * padding positions (mask 0) given weight 0. H [B, L, K], w [K], mask [B, L] → α [B, L].
 */
export function attentionWeights(h: tf.Tensor3D, w: tf.Tensor1D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, l, k] = h.shape;
    const scores = tf.reshape(tf.matMul(tf.reshape(tf.tanh(h), [b * l, k]), tf.reshape(w, [k, 1])), [b, l]);
    const masked = tf.add(scores, tf.mul(tf.sub(1, mask), MASKED));
    return tf.softmax(masked, 1) as tf.Tensor2D;
  });
}

/** Attention pooling: Σ_t α_t·H_t → [B, K] with α from {@link attentionWeights}. */
export function attentionPool(h: tf.Tensor3D, w: tf.Tensor1D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const alpha = attentionWeights(h, w, mask);
    return tf.sum(tf.mul(h, tf.expandDims(alpha, 2)), 1) as tf.Tensor2D;
  });
}
