import type { MixMethod } from '@ampmix/core';
import { cutMixMixer } from './mixer.js';
import type { CutMixOptions } from './options.js';
import { resolveCutMixOptions } from './options.js';
import { cutMixPolicy } from './policy.js';

/**
 * CutMix's AMP defaults (`MixMethod.ampDefaults`; the user's AMP options override them): the box moves in whole
 * pixels, per example, so the step is per example (`gradScale: 'sum'`, independent of the batch size) and ε is
 * sized so that AMP's step moves boxes at all (measured on MNIST in the README: `tools/bench/cutmix-amp.mjs`).
 */
export const CUTMIX_AMP_DEFAULTS = Object.freeze({ gradScale: 'sum', epsilon: 0.1 } as const);

/**
 * CutMix (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers with Localizable
 * Features", ICCV 2019) as an ampmix method: {@link cutMixPolicy} cuts the boxes, {@link cutMixMixer}
 * pastes them. Hand it to `mixStep` (or the trainer) with or without AMP (Liu et al., EMNLP 2021,
 * arXiv 2109.07177); AMP's Max step goes through a soft-edged box (an extension, see the README).
 *
 * @example
 * const method = cutMix({ alpha: 1, tau: 1 });
 * const plan = method.policy.plan({ batchSize: 32, rng, sites: model.sites, inputShape: [28, 28, 1] });
 * await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp: resolveAmpOptions() });
 */
export function cutMix(options: CutMixOptions = {}): MixMethod {
  const o = resolveCutMixOptions(options);
  return {
    name: 'cutmix',
    policy: cutMixPolicy({ alpha: o.alpha, site: o.site, box: o.box }),
    mixer: cutMixMixer({ tau: o.tau }),
    ampDefaults: CUTMIX_AMP_DEFAULTS,
  };
}
