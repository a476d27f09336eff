/**
 * @ampmix/cutmix — CutMix (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers with
 * Localizable Features", ICCV 2019) for the ampmix AMP engine (Liu et al., EMNLP 2021, arXiv 2109.07177),
 * with a soft-edged box for AMP's λ-gradient.
 */
export { resolveCutMixOptions } from './options.js';
export type { CutMixOptions, ResolvedCutMixOptions } from './options.js';
export { MIN_CUT_FRACTION, imageSizeOf, boxSides, referenceBoxSides, boxCentre, boxAround, clipBox, boxArea, lambdaOfBox, roundHalfEven, sidesAtLambda, boxAtLambda, lambdaResolutionOf } from './geometry.js';
export type { Box, ImageSize, BoxRule } from './geometry.js';
export { sampleBoxes } from './sample.js';
export type { SampledBoxes } from './sample.js';
export { readCutMixExtras, checkImageBatch } from './extras.js';
export type { CutMixExtras } from './extras.js';
export { boxTensors, sideScale } from './box-tensors.js';
export type { BoxTensors } from './box-tensors.js';
export { hardBoxMask } from './hard-mask.js';
export { softBoxMask } from './soft-mask.js';
export { cutMixMixer } from './mixer.js';
export type { CutMixMixer } from './mixer.js';
export { cutMixPolicy } from './policy.js';
export { CUTMIX_AMP_DEFAULTS, cutMix } from './method.js';
export { cutMixDescriptor } from './descriptor.js';
