/**
 * @ampmix/manifold-mixup — Manifold Mixup (Verma et al., "Manifold Mixup: Better Representations by
 * Interpolating Hidden States", ICML 2019) as an ampmix {@link MixMethod}, ready for the AMP engine.
 */
export { manifoldMixup } from './manifold-mixup.js';
export type { ManifoldMixupOptions } from './manifold-mixup.js';
export type { MixMethod } from '@ampmix/core';
export { manifoldMixupDescriptor } from './descriptor.js';
