/**
 * @ampmix/input-mixup — Input Mixup (Zhang et al., "mixup: Beyond Empirical Risk Minimization",
 * ICLR 2018) as an ampmix {@link MixMethod}, ready for the AMP engine of `@ampmix/core`.
 */
export { inputMixup, INPUT_SITE } from './input-mixup.js';
export type { InputMixupOptions } from './input-mixup.js';
export type { MixMethod } from '@ampmix/core';
export { inputMixupDescriptor } from './descriptor.js';
