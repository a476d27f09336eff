/**
 * @ampmix/core/testing — checks for anyone extending ampmix: the mixer contract suite, finite
 * differences, a Kolmogorov–Smirnov test, and the golden-file runner.
 */
export * from './contract.js';
export * from './finite-diff.js';
export * from './ks.js';
export * from './golden.js';
export * from './reference-mlp.js';
export { arrayDataset, gaussianBlobs } from './toy-data.js';
