import { BETA_POLICY_OPTIONS } from '@ampmix/core';
import type { VariantDescriptor } from '@ampmix/core';
import { manifoldMixup } from './manifold-mixup.js';
import type { ManifoldMixupOptions } from './manifold-mixup.js';

/** {@link manifoldMixup} described for command lines and forms (Verma et al., ICML 2019): any model's hidden sites. */
export const manifoldMixupDescriptor: VariantDescriptor = {
  kind: 'variant',
  name: 'manifold-mixup',
  summary: 'Manifold Mixup: mixes hidden states at a random site of the model',
  paper: 'Verma et al., Manifold Mixup: Better Representations by Interpolating Hidden States, ICML 2019 (arXiv 1806.05236)',
  options: BETA_POLICY_OPTIONS,
  needs: 'any',
  create: (options) => manifoldMixup(options as ManifoldMixupOptions),
};
