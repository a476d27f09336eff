import { fixedSiteMethod, noUnknownKeys } from '@ampmix/core';
import type { MixMethod } from '@ampmix/core';

/** Options of {@link inputMixup}. */
export interface InputMixupOptions {
  /** α of the Beta(α, α) distribution λ is drawn from. Default 1 (λ uniform on [0, 1]). Must be > 0. */
  alpha?: number;
  /** One λ per example (`example`, default) or one λ shared by the whole batch (`batch`, as in the paper's code). */
  granularity?: 'example' | 'batch';
}

/** The site Input Mixup mixes at: the model's raw input. */
export const INPUT_SITE = 'input';

/**
 * Input Mixup (Zhang, Cisse, Dauphin & Lopez-Paz, "mixup: Beyond Empirical Risk Minimization",
 * ICLR 2018, arXiv 1710.09412): trains on x̃ = λ·x_i + (1 − λ)·x_π(i), ỹ = λ·y_i + (1 − λ)·y_π(i) with
 * λ ~ Beta(α, α) and π a random permutation of the batch, mixing the raw inputs (site `input`).
 *
 * The mix is linear in λ, so the AMP engine's Max step (Liu et al., EMNLP 2021, arXiv 2109.07177)
 * differentiates it directly. Options are validated here; errors name the option, value and range.
 *
 * @example
 * ```ts
 * const method = inputMixup({ alpha: 1 });
 * await train({ model, train: data, method, amp: { epsilon: 0.002 } });
 * ```
 */
export function inputMixup(options: InputMixupOptions = {}): MixMethod {
  noUnknownKeys('inputMixup', options, ['alpha', 'granularity']);
  return fixedSiteMethod('input-mixup', INPUT_SITE, options, 'inputMixup');
}
