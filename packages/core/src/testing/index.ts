/**
 * @ampmix/core/testing — checks for anyone extending ampmix: the mixer contract suite, finite
 * differences, a Kolmogorov–Smirnov test, and the golden-file runner.
 */
export { mixerContract } from './contract.js';
export type { ContractCase, MixerContractSubject } from './contract.js';
export { centralDifferences, maxAbsDiff } from './finite-diff.js';
export { betaCdf, kolmogorovSurvival, ksTest } from './ks.js';
export type { KsResult } from './ks.js';
export { parseGoldenJson, runGoldenCases } from './golden.js';
export type { GoldenCase, GoldenCaseResult, GoldenFile } from './golden.js';
export { referenceMixedMlpLoss } from './reference-mlp.js';
export type { ReferenceMlpParams } from './reference-mlp.js';
export { arrayDataset, gaussianBlobs } from './toy-data.js';
