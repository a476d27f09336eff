/**
 * @ampmix/layers — bring your own `tf.LayersModel`: Mixup variants and AMP (Liu et al., EMNLP 2021,
 * arXiv 2109.07177) at any named layer of a Sequential or functional model, and `fitMixup`, a `model.fit` that
 * speaks tfjs (callbacks, `History`, `tf.data`), on the core's one AMP engine.
 */
export { wrapLayersModel } from './wrap.js';
export type { LayersMixableModel, WrapLayersModelOptions } from './wrap.js';
export { SEEDED_LAYER_CLASSES } from './stochastic.js';
export { UnsupportedModelError } from './errors.js';
export { fitMixup } from './fit.js';
export type { FitInput } from './fit.js';
export type { FitMixupOptions } from './fit-options.js';
export type { CallbackHooks, FitCallbacks, YieldEvery } from './callbacks.js';
export { TFJS_LOSSES } from './loss.js';
export { evaluateModel } from './evaluate.js';
export type { BatchSource, Evaluation } from './evaluate.js';
export { datasetFromArrays, datasetFromTensors, datasetFromTfData } from './data.js';
export type { ArrayDataset, ArraysInit, TensorsDatasetOptions } from './data.js';
export { modelFromArtifacts, modelToArtifacts } from './save.js';
