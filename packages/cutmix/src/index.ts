/**
 * @ampmix/cutmix — CutMix (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers with
 * Localizable Features", ICCV 2019) for the ampmix AMP engine (Liu et al., EMNLP 2021, arXiv 2109.07177),
 * with a soft-edged box for AMP's λ-gradient.
 */
export * from './options.js';
export * from './geometry.js';
export * from './sample.js';
export * from './extras.js';
export * from './box-tensors.js';
export * from './hard-mask.js';
export * from './soft-mask.js';
export * from './mixer.js';
export * from './policy.js';
export * from './method.js';
export { cutMixDescriptor } from './descriptor.js';
