import type { BetaPolicyOptions, MixMethod } from '@ampmix/core';
import { fixedSiteMethod } from '@ampmix/core';

/** The site WordMixup mixes at: the word-embedding sequence [B, L, D]. */
export const WORD_SITE = 'word';

/**
 * WordMixup (Guo, Mao & Zhang 2019, "Augmenting Data with Mixup for Sentence Classification: An
 * Empirical Study", arXiv 1905.08941): interpolates the word-embedding sequences of two sentences, both
 * zero-padded to one length, position by position: ẽ = λ·e_i + (1 − λ)·e_π(i), ỹ = λ·y_i + (1 − λ)·y_π(i),
 * λ ~ Beta(α, α) (default α = 1). Mixes at the backbone's `word` site; linear in λ, so the AMP engine
 * (`mixStep`, Liu et al. 2021) takes its λ-gradient directly.
 *
 * @example
 * ```ts
 * const method = wordMixup({ alpha: 1 });
 * const plan = method.policy.plan({ batchSize: 50, rng, sites: model.sites });
 * const { grads } = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp: resolveAmpOptions() });
 * ```
 */
export function wordMixup(options: BetaPolicyOptions = {}): MixMethod {
  return fixedSiteMethod('word-mixup', WORD_SITE, options);
}
