import type { VariantDescriptor } from '@ampmix/core';
import { cutMix } from './method.js';
import type { CutMixOptions } from './options.js';

/** {@link cutMix} described for command lines and forms (Yun et al., ICCV 2019): pastes boxes between images. */
export const cutMixDescriptor: VariantDescriptor = {
  kind: 'variant',
  name: 'cutmix',
  summary: 'CutMix: pastes a box of one image into another (AMP through a soft-edged box)',
  paper: 'Yun et al., CutMix: Regularization Strategy to Train Strong Classifiers with Localizable Features, ICCV 2019 (arXiv 1905.04899)',
  options: [
    { name: 'alpha', type: 'number', default: 1, min: 0, exclusiveMin: true, help: 'λ ~ Beta(α, α) before the box is cut' },
    { name: 'tau', type: 'number', default: 1, min: 0, exclusiveMin: true, help: "width in pixels of the soft box's edges in AMP's λ-gradient" },
  ],
  needs: 'image',
  create: (options) => cutMix(options as CutMixOptions),
};
