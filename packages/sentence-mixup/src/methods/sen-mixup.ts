import type { BetaPolicyOptions, MixMethod } from '@ampmix/core';
import { fixedSiteMethod } from '@ampmix/core';

/** The site SenMixup mixes at: the pooled sentence vector [B, K]. */
export const SENTENCE_SITE = 'sentence';

/**
 * SenMixup (Guo, Mao & Zhang 2019, "Augmenting Data with Mixup for Sentence Classification: An
 * Empirical Study", arXiv 1905.08941): interpolates the sentence embeddings — the pooled vectors the
 * encoder (Kim's CNN max-pooling, the BiLSTM's attention pooling) hands to the classifier:
 * s̃ = λ·s_i + (1 − λ)·s_π(i), ỹ = λ·y_i + (1 − λ)·y_π(i), λ ~ Beta(α, α) (default α = 1). Mixes at the
 * backbone's `sentence` site; linear in λ, so the AMP engine (`mixStep`, Liu et al. 2021) takes its
 * λ-gradient directly.
 *
 * @example
 * ```ts
 * const method = senMixup();
 * const plan = method.policy.plan({ batchSize: 50, rng, sites: model.sites });
 * const { grads } = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp: resolveAmpOptions() });
 * ```
 */
export function senMixup(options: BetaPolicyOptions = {}): MixMethod {
  return fixedSiteMethod('sen-mixup', SENTENCE_SITE, options);
}
