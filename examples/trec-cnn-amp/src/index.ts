/**
 * The default job of ampmix: TREC question classification with the Kim (2014) CNN, WordMixup
 * (Guo et al. 2019) vs WordMixup + AMP (Liu et al., EMNLP 2021, arXiv 2109.07177), same seeds.
 */
export { TREC_SPEC } from './run.js';
export { DEFAULT_SETTINGS, QUICK_SETTINGS } from './settings.js';
export type { TrecSettings } from './settings.js';
export { trecCnnAmpCli, settingsFromFlags, TREC_FLAGS } from './cli.js';
