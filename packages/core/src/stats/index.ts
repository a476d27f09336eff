/**
 * @ampmix/core/stats — the one statistics module of ampmix: descriptive statistics, the special functions of
 * the t and normal distributions, and the paired tests a sweep's table reports. Plain numbers in and out; no
 * TensorFlow.js, so it loads without a backend.
 */
export { mean, median, relativeChange, sampleStd } from './descriptive.js';
export { logGamma, normalCdf, regularizedBeta, regularizedGammaQ, studentTCdf, studentTTwoSided } from './special.js';
export { averageRanks, pairedTTest, signedScoreDistribution, wilcoxonSignedRank, WILCOXON_EXACT_MAX_N } from './tests.js';
export type { TTestResult, WilcoxonResult } from './tests.js';
