import { BETA_POLICY_OPTIONS } from '@ampmix/core';
import type { VariantDescriptor } from '@ampmix/core';
import { inputMixup } from './input-mixup.js';
import type { InputMixupOptions } from './input-mixup.js';

/** {@link inputMixup} described for command lines and forms (Zhang et al., ICLR 2018): mixes raw images. */
export const inputMixupDescriptor: VariantDescriptor = {
  kind: 'variant',
  name: 'input-mixup',
  summary: 'Input Mixup: mixes the raw inputs (images)',
  paper: 'Zhang et al., mixup: Beyond Empirical Risk Minimization, ICLR 2018 (arXiv 1710.09412)',
  options: BETA_POLICY_OPTIONS,
  needs: 'image',
  create: (options) => inputMixup(options as InputMixupOptions),
};
