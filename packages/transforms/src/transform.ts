import type * as tf from '@tensorflow/tfjs';
import type { MixMethod, MixPlan } from '@ampmix/core';
import { noUnknownKeys, Rng } from '@ampmix/core';
import type { XYBatch } from './apply.js';
import { applyMixPlan } from './apply.js';
import { mixTransformMixer } from './mixer.js';
import type { MixTransformOptions, ResolvedMixTransformOptions } from './options.js';
import { resolveMixTransformOptions } from './options.js';
import { mixTransformPolicy } from './policy.js';

/**
 * A batch transform `{xs, ys} → {xs, ys}`: call it on tensors, or hand it to `tf.data`'s `dataset.map(transform)`.
 * Each call draws the next plan from the transform's own seeded generator. It returns new tensors and never
 * disposes its input (tf.data's `map` disposes the input batch itself).
 */
export interface MixTransform {
  (batch: XYBatch): XYBatch;
  /** The resolved options. */
  readonly options: ResolvedMixTransformOptions;
  /** The same sampling and mixing as an ampmix method, for `fitMixup` / `mixStep` (with or without AMP). */
  readonly method: MixMethod;
  /** The next plan for a batch of `batchSize` examples of `exampleShape` ([H, W, C] when CutMix is on), advancing the generator. */
  nextPlan(batchSize: number, exampleShape?: readonly number[]): MixPlan;
  /** Restarts the generator from `seed` (default: the options' seed). */
  reset(seed?: number): void;
}

/**
 * Mixup (Zhang et al., ICLR 2018) and CutMix (Yun et al., ICCV 2019) as one batch transform with the options of timm's
 * `Mixup` and torchvision v2's `MixUp` / `CutMix` (`switchProb`, `prob`, `labelSmoothing`, `cutmixMinMax`,
 * `mode: 'batch' | 'pair' | 'elem'`, λ corrected from the clipped box). Seeded; leak-free.
 *
 * @example
 * ```ts
 * const mix = createMixTransform({ mixupAlpha: 0.8, cutmixAlpha: 1, numClasses: 10, labelSmoothing: 0.1 });
 * await model.fitDataset(trainDs.map(mix), { epochs: 5 });
 * ```
 */
export function createMixTransform(options: MixTransformOptions): MixTransform {
  const o = resolveMixTransformOptions(options);
  const policy = mixTransformPolicy(o);
  const mixer = mixTransformMixer(o.cutmix);
  let rng = new Rng(o.seed);
  const nextPlan = (batchSize: number, exampleShape?: readonly number[]) => policy.plan({ batchSize, rng, sites: ['input'], inputShape: exampleShape });
  const transform = ((batch: XYBatch): XYBatch => {
    const xs = (batch as { xs?: tf.Tensor } | null)?.xs;
    const plan = nextPlan(xs?.shape?.[0] ?? 0, xs?.shape?.slice(1));
    return applyMixPlan(batch, plan, mixer, o.numClasses, o.labelSmoothing);
  }) as MixTransform;
  Object.defineProperties(transform, {
    options: { value: o, enumerable: true },
    method: { value: { name: 'mix-transform', policy, mixer } satisfies MixMethod, enumerable: true },
    nextPlan: { value: nextPlan },
    reset: { value: (seed = o.seed) => void (rng = new Rng(seed)) },
  });
  return transform;
}

/** Mixup only (timm `Mixup(mixup_alpha=α, cutmix_alpha=0)`, torchvision `MixUp(alpha=α)`); default α = 1. */
export function mixupTransform(options: Omit<MixTransformOptions, 'mixupAlpha' | 'cutmixAlpha' | 'cutmixMinMax' | 'switchProb'> & { alpha?: number }): MixTransform {
  noUnknownKeys('mixupTransform', options, ['alpha', 'prob', 'mode', 'correctLam', 'labelSmoothing', 'numClasses', 'partner', 'seed']);
  const { alpha, ...rest } = options;
  return createMixTransform({ ...rest, mixupAlpha: alpha ?? 1, cutmixAlpha: 0 });
}

/** CutMix only (timm `Mixup(mixup_alpha=0, cutmix_alpha=α)`, torchvision `CutMix(alpha=α)`); default α = 1. */
export function cutmixTransform(options: Omit<MixTransformOptions, 'mixupAlpha' | 'cutmixAlpha' | 'switchProb'> & { alpha?: number }): MixTransform {
  noUnknownKeys('cutmixTransform', options, ['alpha', 'cutmixMinMax', 'prob', 'mode', 'correctLam', 'labelSmoothing', 'numClasses', 'partner', 'seed']);
  const { alpha, ...rest } = options;
  return createMixTransform({ ...rest, mixupAlpha: 0, cutmixAlpha: alpha ?? 1 });
}
