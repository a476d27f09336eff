/**
 * The layers-model example: a user's own `tf.sequential` and functional conv nets on MNIST, trained with
 * `fitMixup` (CutMix and Manifold Mixup at a named layer, each ± AMP), saved, reloaded with `tf.loadLayersModel`, evaluated.
 */
export { formatRows, ROWS, runLayersExample, testError } from './run.js';
export type { LayersExampleOptions, LayersExampleResult, LayersRow } from './run.js';
export { functionalCnn, sequentialCnn } from './models.js';
export { installFastConv2dGradients } from './fast-conv.js';
export { PRESETS, resolveConfig } from './presets.js';
export type { LayersExampleConfig, PresetName } from './presets.js';
