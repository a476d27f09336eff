import * as tf from '@tensorflow/tfjs';
import { sharedMatMul } from '@ampmix/core';
import type { MixFn, StepCache } from '@ampmix/core';

/** Weights of one LSTM direction; gates in PyTorch order (input, forget, cell, output). */
export interface LstmWeights {
  /** [inputDim, 4H] */
  readonly wx: tf.Tensor2D;
  /** [H, 4H] */
  readonly wh: tf.Tensor2D;
  /** [4H] */
  readonly b: tf.Tensor1D;
}

/**
 * One masked LSTM direction over precomputed input projections `xs[t]` = x_t·Wx + b ([B, 4H] each):
 * i, f, g, o = σ, σ, tanh, σ of xs[t] + h·Wh; c' = f⊙c + i⊙g; h' = o⊙tanh(c'). Where `masks[t]` ([B, 1])
 * is 0 the state is carried over unchanged, so padding neither feeds the recurrence nor moves it.
 * Returns h_t for every t in input order.
 */
export function lstmDirection(xs: tf.Tensor2D[], masks: tf.Tensor2D[], wh: tf.Tensor2D, reverse: boolean): tf.Tensor2D[] {
  const steps = xs.length;
  const [b] = xs[0].shape;
  const hidden = wh.shape[0];
  let h: tf.Tensor2D = tf.zeros([b, hidden]);
  let c: tf.Tensor2D = tf.zeros([b, hidden]);
  const out: tf.Tensor2D[] = new Array(steps);
  for (let s = 0; s < steps; s++) {
    const t = reverse ? steps - 1 - s : s;
    const gates = tf.add(xs[t], tf.matMul(h, wh));
    const [i, f, g, o] = tf.split(gates, 4, 1);
    const cNew = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    const hNew = tf.mul(tf.sigmoid(o), tf.tanh(cNew));
    const m = masks[t];
    c = tf.add(c, tf.mul(m, tf.sub(cNew, c))) as tf.Tensor2D;
    h = tf.add(h, tf.mul(m, tf.sub(hNew, h))) as tf.Tensor2D;
    out[t] = h;
  }
  return out;
}

/**
 * A bidirectional masked LSTM layer: x [B, L, D], mask [B, L] (1 token, 0 padding) → [B, L, 2H], the
 * forward and backward states concatenated per position. Both directions' input projections are one
 * matMul. `mixProjection`, when given, is a linear per-example mix (`ForwardOptions.linear`) applied to the
 * projections x·Wx ([B, L, 8H], before the bias) instead of to x: mix(x)·Wx = mix(x·Wx), so the values are
 * those of mixing x, and AMP's λ-gradient pass stops at the projections. `x` may be a thunk and `share` an AMP
 * step's cache of the unmixed projections (core's `sharedMatMul`: computed once for all of AMP's passes, with
 * their gradient in the training pass), so a pass that finds them there never computes x.
 */
export function biLstmLayer(
  x: tf.Tensor3D | (() => tf.Tensor3D),
  mask: tf.Tensor2D,
  fw: LstmWeights,
  bw: LstmWeights,
  mixProjection?: MixFn,
  share?: { cache: StepCache; key: string; inputGradient: boolean },
): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, l] = mask.shape;
    const h4 = fw.wh.shape[1];
    const inDim = fw.wx.shape[0];
    const xs2d = () => tf.reshape(typeof x === 'function' ? x() : x, [b * l, inDim]) as tf.Tensor2D;
    const wx = () => tf.concat([fw.wx, bw.wx], 1);
    const product = sharedMatMul(share?.cache, share?.key ?? '', xs2d, wx, { aGradient: share?.inputGradient ?? true });
    let xw: tf.Tensor = tf.reshape(product, [b, l, 2 * h4]);
    if (mixProjection) xw = mixProjection(xw);
    xw = tf.reshape(xw, [b * l, 2 * h4]);
    const proj = tf.add(xw, tf.concat([fw.b, bw.b]));
    const [pf, pb] = tf.split(tf.reshape(proj, [b, l, 2 * h4]), 2, 2);
    const xsF = tf.unstack(pf, 1) as tf.Tensor2D[];
    const xsB = tf.unstack(pb, 1) as tf.Tensor2D[];
    const masks = tf.unstack(tf.reshape(mask, [b, l, 1]), 1) as tf.Tensor2D[];
    const hf = lstmDirection(xsF, masks, fw.wh, false);
    const hb = lstmDirection(xsB, masks, bw.wh, true);
    return tf.concat([tf.stack(hf, 1), tf.stack(hb, 1)], 2) as tf.Tensor3D;
  });
}
