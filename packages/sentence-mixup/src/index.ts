/**
 * @ampmix/sentence-mixup — WordMixup and SenMixup (Guo, Mao & Zhang 2019, "Augmenting Data with Mixup for
 * Sentence Classification: An Empirical Study", arXiv 1905.08941) as mixing methods for the AMP engine of
 * `@ampmix/core` (Liu et al., EMNLP 2021, arXiv 2109.07177). They mix at the `word` and `sentence` sites
 * that the text backbones of `@ampmix/text` (Kim CNN, BiLSTM) — or your own model — expose.
 */
export { wordMixup, WORD_SITE } from './methods/word-mixup.js';
export { senMixup, SENTENCE_SITE } from './methods/sen-mixup.js';
export { wordMixupDescriptor, senMixupDescriptor } from './descriptors.js';
