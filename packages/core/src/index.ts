/**
 * @ampmix/core — the Adversarial Mixing Policy (AMP) engine (Liu et al., EMNLP 2021, arXiv 2109.07177)
 * and the pieces every Mixup variant shares: seeded sampling, plans, mixers, targets, losses,
 * the mixable-model interface, a registry and the backend choice.
 */
export * from './errors.js';
export * from './validate.js';
export * from './rng.js';
export * from './distributions.js';
export * from './plan.js';
export * from './policy.js';
export * from './mixer.js';
export * from './gather.js';
export * from './targets.js';
export * from './losses.js';
export { checkClassIndices, checkLabels, checkSoftTargets, SOFT_TARGET_TOLERANCE } from './labels.js';
export * from './model.js';
export * from './step-cache.js';
export * from './data.js';
export { fractionOption, proportionalCounts, stratifiedFolds, stratifiedHoldOut, stratifiedSample, subsampleFraction } from './split.js';
export * from './method.js';
export * from './models/mlp.js';
export { uniqueScope, glorotUniform, makeVariable, maybeDropout } from './models/variables.js';
export * from './amp/options.js';
export { isResolvedAmpOptions } from './amp/resolved.js';
export { resolveAmpSetting } from './amp/setting.js';
export type { AmpSetting } from './amp/setting.js';
export * from './amp/reweight.js';
export * from './amp/step.js';
export { createInertAmpMonitor } from './amp/inert.js';
export type { InertAmpMonitor, InertAmpReason, InertAmpReport, InertAmpStep } from './amp/inert.js';
export * from './registry.js';
export { BETA_POLICY_OPTIONS } from './descriptor.js';
export type { DataKind, DatasetDescriptor, Descriptor, ModelDescriptor, OptionDescriptor, OptionType, OptionValue, VariantDescriptor } from './descriptor.js';
export * from './backend.js';
export { installWasmFastPaths, uninstallWasmFastPaths, wasmFastPathsInstalled } from './wasm/fast-paths.js';
export type { WasmFastPathsResult } from './wasm/fast-paths.js';
