import type { MixPlan, MixPolicy, PlanContext } from '@ampmix/core';
import { integerAtLeast, modelSite, noUnknownKeys, permutation, sampleLambdas } from '@ampmix/core';
import type { CutMixExtras } from './extras.js';
import { imageSizeOf } from './geometry.js';
import type { BoxRule } from './geometry.js';
import { resolveCutMixOptions } from './options.js';
import { sampleBoxes } from './sample.js';

/**
 * The CutMix policy (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers with
 * Localizable Features", ICCV 2019). Per batch it draws, in this order from the context's `rng`:
 * λ_i ~ Beta(α, α) per example, a partner permutation π, and per example a centre pixel (row, then
 * column) uniform over the image. Example i gets a box of x_π(i) with sides ⌊√(1 − λ_i)·(H, W)⌋ (`box: 'exact'`)
 * or Yun et al.'s code's 2·⌊int(√(1 − λ_i)·H)/2⌋ (`'reference'`) about that pixel, clipped to the image; the plan's λ_i is recomputed from the clipped area,
 * λ_i = 1 − area_i/(H·W), and is what the targets are mixed with.
 *
 * The geometry comes from `PlanContext.inputShape` ([H, W, C]); the boxes are plain data in
 * `plan.extras` ({@link CutMixExtras}).
 */
export function cutMixPolicy(options: { alpha?: number; site?: string; box?: BoxRule } = {}): MixPolicy {
  noUnknownKeys('cutmix policy', options, ['alpha', 'site', 'box']);
  const { alpha, site, box } = resolveCutMixOptions(options);
  return {
    name: 'cutmix',
    plan({ batchSize, rng, sites, inputShape }: PlanContext): MixPlan {
      integerAtLeast('batchSize', batchSize, 1);
      modelSite('site', site, sites);
      const imageSize = imageSizeOf(inputShape);
      const drawn = sampleLambdas(rng, batchSize, alpha, 'example');
      const partners = permutation(rng, batchSize);
      const { lambda, centres, sizes, boxes } = sampleBoxes(rng, drawn, imageSize, box);
      const extras: CutMixExtras = { imageSize, centres, sizes, boxes };
      return { lambda, partners, site, extras: extras as unknown as Record<string, unknown> };
    },
  };
}
