import { BETA_POLICY_OPTIONS } from '@ampmix/core';
import type { BetaPolicyOptions, VariantDescriptor } from '@ampmix/core';
import { senMixup } from './methods/sen-mixup.js';
import { wordMixup } from './methods/word-mixup.js';

const PAPER = 'Guo, Mao & Zhang, Augmenting Data with Mixup for Sentence Classification: An Empirical Study, 2019 (arXiv 1905.08941)';

/** {@link wordMixup} described for command lines and forms: text models' `word` site. */
export const wordMixupDescriptor: VariantDescriptor = {
  kind: 'variant',
  name: 'word-mixup',
  summary: 'WordMixup: mixes the word-embedding sequences',
  paper: PAPER,
  options: BETA_POLICY_OPTIONS,
  needs: 'text',
  create: (options) => wordMixup(options as BetaPolicyOptions),
};

/** {@link senMixup} described for command lines and forms: text models' `sentence` site. */
export const senMixupDescriptor: VariantDescriptor = {
  kind: 'variant',
  name: 'sen-mixup',
  summary: 'SenMixup: mixes the sentence vectors before the classifier',
  paper: PAPER,
  options: BETA_POLICY_OPTIONS,
  needs: 'text',
  create: (options) => senMixup(options as BetaPolicyOptions),
};
