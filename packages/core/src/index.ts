/**
 * @ampmix/core — the Adversarial Mixing Policy (AMP) engine (Liu et al., EMNLP 2021, arXiv 2109.07177)
 * and the pieces every Mixup variant shares: seeded sampling, plans, mixers, targets, losses,
 * the mixable-model interface, a registry and the backend choice.
 */
// the AMP step (Rand → Max → Min) and its options
export { mixStep, createAmpState } from './amp/step.js';
export type { AmpState, MixStepArgs, MixStepDetails, MixStepResult, MixStepStats } from './amp/step.js';
export { resolveAmpOptions, LOSS_DIFFERENCE_ULPS } from './amp/options.js';
export type { AmpOptions, ResolvedAmpOptions } from './amp/options.js';
export { reweight } from './amp/reweight.js';
export type { ReweightHistory } from './amp/reweight.js';

// sampling: the seeded RNG, distributions, plans and policies
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export { sampleBeta, sampleGamma, permutation } from './distributions.js';
export { validatePlan, identityPlan } from './plan.js';
export type { MixPlan } from './plan.js';
export { betaPolicy, resolveBetaPolicyOptions, sampleLambdas } from './policy.js';
export type { BetaPolicyOptions, MixPolicy, PlanContext, ResolvedBetaPolicyOptions } from './policy.js';

// mixing: mixers, methods, targets and losses
export { linearMix, linearMixer } from './mixer.js';
export type { MixContext, Mixer, MixPass } from './mixer.js';
export { fixedSiteMethod } from './method.js';
export type { MixMethod } from './method.js';
export { mixTargets, toTargets } from './targets.js';
export { LOSS_NAMES, logOneMinusSoftmax, perExampleLoss, resolveLossName } from './losses.js';
export type { LossName } from './losses.js';

// models: the mixable-model interface, building blocks and a test MLP
export { mixAt, mixAtMemo } from './model.js';
export type { ForwardOptions, MixableModel, MixFn, RowLookup } from './model.js';
export { createStepCache, sharedMatMul } from './step-cache.js';
export type { OwnedStepCache, SharedMatMulOptions, StepCache } from './step-cache.js';
export { gatherRows } from './gather.js';
export type { CustomGradientFunc } from './gather.js';
export { densifyRowSparse, rowSparseWeights } from './row-sparse.js';
export type { RowSparseGradient } from './row-sparse.js';
export { createMlp } from './models/mlp.js';
export type { MlpOptions } from './models/mlp.js';
export { uniqueScope, glorotUniform, makeVariable, maybeDropout } from './models/variables.js';

// data and splits
export { disposeBatch } from './data.js';
export type { Batch, Dataset } from './data.js';
export { fractionOption, proportionalCounts, stratifiedFolds, stratifiedHoldOut, stratifiedSample, subsampleFraction } from './split.js';

// validation at the boundary, and errors
export { booleanOption, finiteNumber, integerAtLeast, modelSite, noUnknownKeys, nonNegativeNumber, numberInRange, oneOf, positiveNumber } from './validate.js';
export { AmpmixError, BackendError, OptionError, RegistryError, ShapeError } from './errors.js';

// the registry and the backend
export { Registry } from './registry.js';
export { AUTO_BACKEND_ORDER, BACKEND_CHOICES, chooseBackend } from './backend.js';
export type { BackendChoice, BackendEnvironment, ChooseBackendOptions, ChosenBackend, ModuleBackend, WasmBuild, WasmFileName, WasmThreadsShim } from './backend.js';

// added by later work (AMP numerics, boundary checks, descriptors)
export { checkClassIndices, checkLabels, checkSoftTargets, SOFT_TARGET_TOLERANCE } from './labels.js';
export { isResolvedAmpOptions } from './amp/resolved.js';
export { resolveAmpSetting } from './amp/setting.js';
export type { AmpSetting } from './amp/setting.js';
export { createInertAmpMonitor } from './amp/inert.js';
export type { InertAmpMonitor, InertAmpReason, InertAmpReport, InertAmpStep } from './amp/inert.js';
export { BETA_POLICY_OPTIONS } from './descriptor.js';
export type { DataKind, DatasetDescriptor, Descriptor, ModelDescriptor, OptionDescriptor, OptionType, OptionValue, VariantDescriptor } from './descriptor.js';
export { installWasmFastPaths, uninstallWasmFastPaths, wasmFastPathsInstalled } from './wasm/fast-paths.js';
export type { WasmFastPathsResult } from './wasm/fast-paths.js';
