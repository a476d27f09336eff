/**
 * The MNIST comparison example: no mixing, Input Mixup, Manifold Mixup and CutMix, each with and without
 * AMP (Liu et al., EMNLP 2021, arXiv 2109.07177), same seeds and budget.
 */
export { runMnistComparison } from './compare.js';
export type { MnistComparison, MnistComparisonOptions } from './compare.js';
export { PRESETS, resolveConfig } from './presets.js';
export type { ComparisonConfig, PresetName } from './presets.js';
export { ROWS, ampFor } from './rows.js';
export type { RowSpec } from './rows.js';
export { formatTable } from './table.js';
export { mnistGrid, MNIST_RUNNER } from './grid.js';
export { runMnistRow } from './run.js';
export type { RowResult } from './table.js';
