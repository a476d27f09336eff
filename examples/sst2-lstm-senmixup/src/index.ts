/**
 * SST-2 sentiment with the BiLSTM-attention model of the AMP reference code: SenMixup (Guo et al. 2019)
 * vs SenMixup + AMP (Liu et al., EMNLP 2021, arXiv 2109.07177), same seeds.
 */
export { SST2_SPEC } from './run.js';
export { DEFAULT_SETTINGS, QUICK_SETTINGS } from './settings.js';
export type { Sst2Settings } from './settings.js';
export { sst2LstmCli, settingsFromFlags, SST2_FLAGS } from './cli.js';
