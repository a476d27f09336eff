import * as tf from '@tensorflow/tfjs';
import type { MixPlan } from './plan.js';
import { gatherRows } from './gather.js';
import { ShapeError } from './errors.js';

/**
 * Which pass of a training step a mix serves:
 * - `plan`: mix exactly as planned (λ = plan.lambda);
 * - `gradient`: AMP's Max step; the mix must be differentiable in λ (λ = plan.lambda);
 * - `perturbed`: AMP's Min step with λ' (same partners, same site).
 */
export type MixPass = 'plan' | 'gradient' | 'perturbed';

/** What a mixer gets besides the tensor to mix. */
export interface MixContext {
  readonly plan: MixPlan;
  /** λ for the example, shape [B]: the plan's λ, or AMP's λ'. */
  readonly lambda: tf.Tensor1D;
  /** plan.partners as an int32 tensor, shape [B]. */
  readonly partners: tf.Tensor1D;
  readonly pass: MixPass;
  /**
   * Set only on AMP's training pass (`perturbed`, taped): 1 where the engine chose ℓ' (those examples are mixed
   * at λ') and 0 where it kept ℓ (mixed at the plan's λ); `lambda` already holds that choice, so a mixer that is
   * a function of λ needs nothing else. Absent on the Min pass, where every example is at λ'.
   */
  readonly perturbedMask?: tf.Tensor1D;
}

/**
 * A mixer combines each example with its partner at the plan's site. It is a pure function of
 * (h, context) and never draws randomness (that lives in the plan).
 */
export interface Mixer {
  readonly name: string;
  mix(h: tf.Tensor, context: MixContext): tf.Tensor;
  /**
   * True when the `gradient` pass mixes differently from the `plan` pass (a differentiable surrogate, such as
   * CutMix's soft-edged box): the engine then computes ℓ(λ) with a separate `plan` pass. Default false.
   */
  readonly surrogateGradient?: boolean;
  /**
   * True when `mix(h)` is λ_i·h_i + (1 − λ_i)·h_π(i) with `context.lambda` and `context.partners`, for a tensor of
   * any shape and in every pass. Models may then mix after a linear per-example map (see
   * `ForwardOptions.linear`). Default false: claim it only for an exact interpolation.
   */
  readonly linear?: boolean;
  /**
   * Per example, the smallest |λ' − λ| that changes this mixer's mix of `plan` (CutMix: the box side moving by
   * one whole pixel); omitted for a continuous mix, where any change does. AMP's inert-step check
   * (`createInertAmpMonitor`) compares |Δλ| with it.
   */
  lambdaResolution?(plan: MixPlan): Float64Array;
}

/** Reshapes a [B] vector to [B, 1, …, 1] so it broadcasts against a tensor of `rank`. */
export function broadcastPerExample(v: tf.Tensor1D, rank: number): tf.Tensor {
  return rank <= 1 ? v : v.reshape([v.shape[0], ...new Array<number>(rank - 1).fill(1)]);
}

/** λ·h_i + (1 − λ)·h_π(i), per example, for a tensor of any rank ≥ 1 (batch first). Linear in λ. */
export function linearMix(h: tf.Tensor, partners: tf.Tensor1D, lambda: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    if (h.shape[0] !== lambda.shape[0]) {
      throw new ShapeError(`cannot mix a batch of ${h.shape[0]} with a plan for ${lambda.shape[0]} examples`);
    }
    const l = broadcastPerExample(lambda, h.rank);
    const other = gatherRows(h, partners);
    // h_π + λ (h − h_π): one multiply instead of two
    return tf.add(other, tf.mul(l, tf.sub(h, other)));
  });
}

/** The interpolation mixer shared by Input, Manifold, Word and Sentence Mixup. */
export const linearMixer: Mixer = {
  name: 'linear',
  linear: true,
  mix: (h, { partners, lambda }) => linearMix(h, partners, lambda),
};
