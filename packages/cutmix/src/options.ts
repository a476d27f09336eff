import { OptionError, noUnknownKeys, oneOf, positiveNumber } from '@ampmix/core';
import type { BoxRule } from './geometry.js';

/**
 * Options of {@link cutMix} (Yun et al., "CutMix: Regularization Strategy to Train Strong Classifiers
 * with Localizable Features", ICCV 2019).
 */
export interface CutMixOptions {
  /** α of the Beta(α, α) the per-example λ is drawn from before the box is cut. Default 1. Must be > 0. */
  alpha?: number;
  /**
   * Width in pixels of the sigmoid edges of the soft box used only by AMP's Max step (the λ-gradient).
   * Default 1. Must be > 0. Smaller is closer to the hard box; the gradient then concentrates on fewer pixels.
   */
  tau?: number;
  /** The model site carrying the images [B, H, W, C]. Default `input`. */
  site?: string;
  /**
   * How the box is cut from λ: `exact` (default; side ⌊√(1 − λ)·H⌋) or `reference` (Yun et al.'s code: side
   * 2·⌊int(√(1 − λ)·H)/2⌋, one pixel less when that is odd). λ is recomputed from the clipped area either way.
   */
  box?: BoxRule;
}

/** Validated, defaulted {@link CutMixOptions}. */
export interface ResolvedCutMixOptions {
  readonly alpha: number;
  readonly tau: number;
  readonly site: string;
  readonly box: BoxRule;
}

/**
 * Validates and defaults {@link CutMixOptions} once, at the boundary. Throws an `OptionError` naming
 * the option, the value and the valid range (e.g. `tau` ≤ 0, `alpha` ≤ 0, an empty `site`, a typo).
 */
export function resolveCutMixOptions(options: CutMixOptions = {}): ResolvedCutMixOptions {
  noUnknownKeys('cutmix', options, ['alpha', 'tau', 'site', 'box']);
  const site = options.site ?? 'input';
  if (typeof site !== 'string' || site.length === 0) throw new OptionError('site', site, 'a non-empty site name such as "input"');
  return {
    alpha: positiveNumber('alpha', options.alpha ?? 1),
    tau: positiveNumber('tau', options.tau ?? 1),
    site,
    box: oneOf('box', options.box ?? 'exact', ['exact', 'reference'] as const),
  };
}
