/**
 * @ampmix/transforms — Mixup (Zhang et al., ICLR 2018) and CutMix (Yun et al., ICCV 2019) batch transforms for your
 * own `model.fitDataset` / `tf.data` pipeline, with timm and torchvision v2 parity, seeded and leak-free.
 */
export { createMixTransform, cutmixTransform, mixupTransform } from './transform.js';
export type { MixTransform } from './transform.js';
export { resolveMixTransformOptions } from './options.js';
export type { MixTransformOptions, ResolvedMixTransformOptions } from './options.js';
export { mixTransformPolicy, partnersOf } from './policy.js';
export type { MixTransformExtras } from './policy.js';
export { mixTransformMixer } from './mixer.js';
export { applyMixPlan, smoothTargets } from './apply.js';
export type { XYBatch } from './apply.js';
