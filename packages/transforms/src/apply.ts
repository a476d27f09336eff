import * as tf from '@tensorflow/tfjs';
import type { Mixer, MixPlan } from '@ampmix/core';
import { mixTargets, ShapeError, validatePlan } from '@ampmix/core';

/** A batch as `model.fitDataset` and `tf.data` pipelines carry it. */
export interface XYBatch {
  /** Inputs [B, ...]; images [B, H, W, C] for CutMix. */
  xs: tf.Tensor;
  /** Class indices [B] (or [B, 1]) or one-hot / soft rows [B, C]. */
  ys: tf.Tensor;
}

/**
 * Targets [B, C] of `ys` with label smoothing s: rows `y·(1 − s) + s/C` (one-hot rows then hold 1 − s + s/C and
 * s/C, as timm's `mixup_target`). Call inside `tf.tidy`.
 */
export function smoothTargets(ys: tf.Tensor, numClasses: number, smoothing: number): tf.Tensor2D {
  let y: tf.Tensor;
  if (ys.rank === 1 || (ys.rank === 2 && ys.shape[1] === 1 && numClasses > 1)) y = tf.oneHot(tf.cast(ys.reshape([-1]), 'int32') as tf.Tensor1D, numClasses).toFloat();
  else if (ys.rank === 2 && ys.shape[1] === numClasses) y = tf.cast(ys, 'float32');
  else throw new ShapeError(`ys must be class indices [B] or rows [B, ${numClasses}]; got shape [${ys.shape.join(', ')}]`);
  return (smoothing > 0 ? tf.add(tf.mul(y, 1 - smoothing), smoothing / numClasses) : y) as tf.Tensor2D;
}

/**
 * Applies a plan to a batch: `xs` mixed by `mixer` (pure function of the plan), targets smoothed then mixed with the
 * plan's λ, ỹ = λ·y_i + (1 − λ)·y_π(i). Returns new tensors; the caller keeps ownership of `batch`.
 */
export function applyMixPlan(batch: XYBatch, plan: MixPlan, mixer: Mixer, numClasses: number, labelSmoothing = 0): XYBatch {
  const { xs, ys } = batch;
  if (!(xs instanceof tf.Tensor) || !(ys instanceof tf.Tensor)) throw new ShapeError('a batch is {xs, ys} tensors');
  if (ys.shape[0] !== xs.shape[0]) throw new ShapeError(`xs holds ${xs.shape[0]} examples but ys holds ${ys.shape[0]}`);
  validatePlan(plan, xs.shape[0]);
  return tf.tidy(() => {
    const lambda = tf.tensor1d(plan.lambda);
    const partners = tf.tensor1d(plan.partners, 'int32');
    const mixed = mixer.mix(xs, { plan, lambda, partners, pass: 'plan' });
    const targets = mixTargets(smoothTargets(ys, numClasses, labelSmoothing), partners, lambda);
    return { xs: mixed, ys: targets };
  });
}
