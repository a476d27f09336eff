import { linearMixer, noUnknownKeys, OptionError, permutation, resolveBetaPolicyOptions, sampleLambdas } from '@ampmix/core';
import type { MixMethod, MixPlan, MixPolicy, PlanContext } from '@ampmix/core';
import { candidateSites, drawSite, validateSitesOption } from './sites.js';

/** Options of {@link manifoldMixup}. */
export interface ManifoldMixupOptions {
  /** α of the Beta(α, α) distribution λ is drawn from. Default 1 (λ uniform on [0, 1]). Must be > 0. */
  alpha?: number;
  /** One λ per example (`example`, default) or one λ shared by the batch (`batch`). */
  granularity?: 'example' | 'batch';
  /**
   * The sites a batch may be mixed at, a subset of the model's sites (e.g. `['input', 'hidden1']`).
   * Default: every site the model offers, `input` included (as in the paper, k ∈ {0, …}).
   */
  sites?: string[];
}

/**
 * Manifold Mixup (Verma, Lamb, Beckham, Najafi, Mitliagkas, Lopez-Paz & Bengio, "Manifold Mixup: Better
 * Representations by Interpolating Hidden States", ICML 2019, arXiv 1806.05236): for each batch a
 * layer k is drawn uniformly from the allowed sites the model offers, and the hidden states there are
 * interpolated, h̃ = λ·h_i + (1 − λ)·h_π(i), with targets mixed alike; λ ~ Beta(α, α).
 *
 * The drawn site is part of the plan, so the AMP engine (Liu et al., EMNLP 2021, arXiv 2109.07177)
 * replays its Max and Min passes at the same layer by construction. The mix is linear in λ.
 *
 * @example
 * ```ts
 * const method = manifoldMixup({ alpha: 2, sites: ['hidden1', 'hidden2'] });
 * await train({ model, train: data, method, amp: {} });
 * ```
 */
export function manifoldMixup(options: ManifoldMixupOptions = {}): MixMethod {
  noUnknownKeys('manifoldMixup', options, ['alpha', 'granularity', 'sites']);
  const { alpha, granularity } = resolveBetaPolicyOptions({ alpha: options.alpha, granularity: options.granularity });
  const allowed = validateSitesOption(options.sites);
  const policy: MixPolicy = {
    name: 'manifold-mixup',
    plan({ batchSize, rng, sites }: PlanContext): MixPlan {
      const site = drawSite(rng, candidateSites(allowed, sites));
      const lambda = sampleLambdas(rng, batchSize, alpha, granularity);
      return { lambda, partners: permutation(rng, batchSize), site };
    },
  };
  return { name: 'manifold-mixup', policy, mixer: linearMixer };
}
