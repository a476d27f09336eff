/**
 * The custom-policy example: a user-written `MixPolicy` (partners of another class, λ in a band) trained with
 * AMP (Liu et al., EMNLP 2021, arXiv 2109.07177) through the unchanged engine.
 */
export { otherClassPolicy } from './other-class-policy.js';
export type { OtherClassPolicyOptions } from './other-class-policy.js';
export { brokenLambdaMethod, otherClassMixup } from './methods.js';
export { runCustomPolicyExample } from './run-example.js';
export type { CustomPolicyExampleOptions, CustomPolicyExampleResult } from './run-example.js';
