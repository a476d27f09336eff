import type { MixPlan } from './plan.js';
import type { Rng } from './rng.js';
import { permutation, sampleBeta } from './distributions.js';
import { modelSite, noUnknownKeys, oneOf, positiveNumber } from './validate.js';

/** What a policy may look at when it samples a plan. */
export interface PlanContext {
  /** Number of examples in the batch (≥ 1). */
  readonly batchSize: number;
  /** The seeded generator to draw from; the only source of randomness. */
  readonly rng: Rng;
  /** The mix sites the model offers, in order. */
  readonly sites: readonly string[];
  /** Integer class labels of the batch, for class-aware policies. */
  readonly labels?: Int32Array;
  /** Shape of one example at the input (e.g. [28, 28, 1]), for geometry-aware policies. */
  readonly inputShape?: readonly number[];
}

/**
 * A mixing policy samples plans. Sampling is data: the returned plan fully determines the mix.
 * Implement this to plug a policy of your own into the trainer; AMP works on it unchanged.
 */
export interface MixPolicy {
  readonly name: string;
  plan(context: PlanContext): MixPlan;
}

/** Options of {@link betaPolicy}. */
export interface BetaPolicyOptions {
  /** α of Beta(α, α). Default 1 (uniform λ). Must be > 0. */
  alpha?: number;
  /** One λ per example (`example`, default) or one shared by the batch (`batch`). */
  granularity?: 'example' | 'batch';
  /** The site to mix at; default the model's first site. */
  site?: string;
}

/** Resolved, validated {@link BetaPolicyOptions}. */
export interface ResolvedBetaPolicyOptions {
  readonly alpha: number;
  readonly granularity: 'example' | 'batch';
  readonly site: string | undefined;
}

/** Validates and defaults {@link BetaPolicyOptions}. */
export function resolveBetaPolicyOptions(options: BetaPolicyOptions = {}): ResolvedBetaPolicyOptions {
  noUnknownKeys('beta policy', options, ['alpha', 'granularity', 'site']);
  return {
    alpha: positiveNumber('alpha', options.alpha ?? 1),
    granularity: oneOf('granularity', options.granularity ?? 'example', ['example', 'batch'] as const),
    site: options.site,
  };
}

/** Draws λ ~ Beta(α, α), per example or once for the batch. */
export function sampleLambdas(rng: Rng, batchSize: number, alpha: number, granularity: 'example' | 'batch'): Float32Array {
  const lambda = new Float32Array(batchSize);
  if (granularity === 'batch') lambda.fill(sampleBeta(rng, alpha, alpha));
  else for (let i = 0; i < batchSize; i++) lambda[i] = sampleBeta(rng, alpha, alpha);
  return lambda;
}

/**
 * The default Mixup policy (Zhang et al., ICLR 2018): λ ~ Beta(α, α) and a uniformly random partner
 * permutation, at a fixed site.
 */
export function betaPolicy(options: BetaPolicyOptions = {}): MixPolicy {
  const o = resolveBetaPolicyOptions(options);
  return {
    name: 'beta',
    plan({ batchSize, rng, sites }) {
      const site = modelSite('site', o.site ?? sites[0], sites);
      const lambda = sampleLambdas(rng, batchSize, o.alpha, o.granularity);
      return { lambda, partners: permutation(rng, batchSize), site };
    },
  };
}
