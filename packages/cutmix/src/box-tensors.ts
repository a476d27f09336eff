import * as tf from '@tensorflow/tfjs';
import type { CutMixExtras } from './extras.js';
import { MIN_CUT_FRACTION } from './geometry.js';

/** Per-example box data of a plan as [B, 1] float32 tensors (constants of every pass). */
export interface BoxTensors {
  /** Continuous centres, rows and columns. */
  cy: tf.Tensor2D;
  cx: tf.Tensor2D;
  /** Planned sides before clipping, rows and columns. */
  h: tf.Tensor2D;
  w: tf.Tensor2D;
}

/** The plan's centres and sides as [B, 1] tensors. Call inside `tf.tidy`. */
export function boxTensors(extras: CutMixExtras): BoxTensors {
  const col = (k: 0 | 1, from: [number, number][]) => tf.tensor2d(Float32Array.from(from, (p) => p[k]), [from.length, 1]);
  return { cy: col(0, extras.centres), cx: col(1, extras.centres), h: col(0, extras.sizes), w: col(1, extras.sizes) };
}

/**
 * Side scale k(λ) = √((1 − λ)/(1 − λ_plan)) as a [B, 1] tensor, differentiable in λ: the box at λ has
 * the planned sides times k, so k(λ_plan) = 1 exactly and k(1) = 0. 1 − λ is floored at 0 (λ' may
 * leave [0, 1] when AMP's clipping is off) and the ratio at 1e-20, so the gradient stays finite at λ = 1.
 * Call inside `tf.tidy`.
 */
export function sideScale(lambda: tf.Tensor1D, planLambda: Float32Array): tf.Tensor2D {
  const cut = tf.relu(tf.sub(1, lambda));
  const planCut = tf.maximum(tf.sub(1, tf.tensor1d(planLambda)), MIN_CUT_FRACTION);
  return tf.sqrt(tf.maximum(tf.div(cut, planCut), 1e-20)).reshape([lambda.shape[0], 1]) as tf.Tensor2D;
}
