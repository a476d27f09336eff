import * as tf from '@tensorflow/tfjs';
import type { MixContext, Mixer, MixPlan } from '@ampmix/core';
import { ShapeError, gatherRows, noUnknownKeys, oneOf } from '@ampmix/core';
import { boxTensors, sideScale } from './box-tensors.js';
import { checkImageBatch, readCutMixExtras } from './extras.js';
import type { CutMixExtras } from './extras.js';
import { hardBoxMask } from './hard-mask.js';
import { lambdaResolutionOf } from './geometry.js';
import { resolveCutMixOptions } from './options.js';
import { softBoxMask } from './soft-mask.js';

/**
 * A CutMix mixer. `surrogateGradient: true` tells the AMP engine that the `gradient` pass (the soft box)
 * mixes differently from the `plan` pass (the hard box), so ℓ(λ) must come from a separate `plan` pass.
 */
export type CutMixMixer = Mixer & { readonly surrogateGradient: true; lambdaResolution(plan: MixPlan): Float64Array };

/**
 * The CutMix mixer (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers with
 * Localizable Features", ICCV 2019): pastes a box of the partner image x_π(i) into x_i,
 * `x̃ = (1 − M) ⊙ x + M ⊙ x_π`, for NHWC batches [B, H, W, C] and plans from {@link cutMixPolicy}.
 *
 * The box at λ keeps the plan's centre and scales the planned sides by k = √((1 − λ)/(1 − λ_plan)):
 * - `plan` and `perturbed` (AMP's Min step, λ'): the hard box, sides rounded to whole pixels and
 *   clipped to the image; at λ = λ_plan it is exactly the planned box, at λ = 1 it is empty.
 * - `gradient` (AMP's Max step): the hard box has no λ-gradient, so this pass uses a soft-edged box of
 *   the same centre with continuous sides and sigmoid edges of width `tau` (`softBoxMask`) — an
 *   extension of the paper: ∂ℓ/∂λ is the gradient of this smoothed surrogate, not of the hard-box loss.
 *
 * AMP's training pass may hand a λ that is λ' for some examples and λ_plan for others (the engine's
 * `perturbedMask`): the box is a per-example function of λ that is exactly the planned box at λ_plan,
 * so the mask needs no special handling here.
 *
 * Throws a `ShapeError` naming the shape for a batch that is not [B, H, W, C] of the plan's size.
 */
export function cutMixMixer(options: { tau?: number } = {}): CutMixMixer {
  noUnknownKeys('cutmix mixer', options, ['tau']);
  const { tau } = resolveCutMixOptions(options);
  // a plan's extras are checked once, not in each of a step's passes (plans are not changed after sampling)
  const checked = new WeakMap<MixPlan, CutMixExtras>();
  const extrasOf = (plan: MixPlan): CutMixExtras => {
    let extras = checked.get(plan);
    if (!extras) checked.set(plan, (extras = readCutMixExtras(plan, plan.lambda.length)));
    return extras;
  };
  return {
    name: 'cutmix',
    surrogateGradient: true,
    // one pixel of box side (see lambdaResolutionOf): AMP's step is inert below it
    lambdaResolution(plan: MixPlan): Float64Array {
      const { sizes } = extrasOf(plan);
      return Float64Array.from(sizes, (s, i) => lambdaResolutionOf(s, plan.lambda[i]));
    },
    mix(h: tf.Tensor, { plan, lambda, partners, pass }: MixContext): tf.Tensor {
      oneOf('pass', pass, ['plan', 'gradient', 'perturbed'] as const);
      const batch = plan.lambda.length;
      const extras = extrasOf(plan);
      checkImageBatch(h, batch, extras.imageSize);
      if (lambda.shape[0] !== batch) {
        throw new ShapeError(`λ has shape [${lambda.shape.join(', ')}] but the plan is for ${batch} examples`);
      }
      return tf.tidy(() => {
        const box = boxTensors(extras);
        const k = sideScale(lambda, plan.lambda);
        const mask = pass === 'gradient' ? softBoxMask(box, k, extras.imageSize, tau) : hardBoxMask(box, k, extras.imageSize);
        const other = gatherRows(h, partners);
        // (1 − M)·x + M·x_π, not x + M·(x_π − x): a hard mask then copies pixels exactly in float32
        return tf.add(tf.mul(tf.sub(1, mask), h), tf.mul(mask, other));
      });
    },
  };
}
