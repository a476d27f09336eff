import { OptionError } from '../errors.js';
import { booleanOption, integerAtLeast, noUnknownKeys, nonNegativeNumber, oneOf } from '../validate.js';
import { markResolved } from './resolved.js';

/** Options of the AMP engine (Liu et al., EMNLP 2021, arXiv 2109.07177). */
export interface AmpOptions {
  /** Step size ε of the gradient-ascent step on λ. Default 0.002 (the paper's). Must be ≥ 0. */
  epsilon?: number;
  /** Clip λ' to [0, 1]. Default true; `false` reproduces the public reference code. */
  clip?: boolean;
  /**
   * Re-weight examples by how much the perturbation raised their loss, over a window of batches
   * (the reference code uses `{ window: 5 }`). Default off.
   */
  reweight?: false | { window: number };
  /**
   * Direction of the λ step. `adversarial` (default) is AMP; `random` moves λ by the same magnitude
   * ε·|g| in a random sign, an ablation control.
   */
  direction?: 'adversarial' | 'random';
}

/** Validated, defaulted {@link AmpOptions}, as {@link resolveAmpOptions} returns them (frozen). */
export interface ResolvedAmpOptions {
  readonly epsilon: number;
  readonly clip: boolean;
  readonly reweightWindow: number | null;
  readonly direction: 'adversarial' | 'random';
}

/**
 * Validates and defaults {@link AmpOptions}; messages name the option, the value and the range. The result is
 * frozen and marked, so `mixStep` uses it as is (a copy of it, or an edited one, is refused there).
 */
export function resolveAmpOptions(options: AmpOptions = {}): ResolvedAmpOptions {
  noUnknownKeys('amp', options, ['epsilon', 'clip', 'reweight', 'direction']);
  const epsilon = nonNegativeNumber('epsilon', options.epsilon ?? 0.002);
  const clip = booleanOption('clip', options.clip ?? true);
  let reweightWindow: number | null = null;
  const rw = options.reweight ?? false;
  if (rw !== false) {
    if (typeof rw !== 'object' || rw === null) throw new OptionError('reweight', rw, 'false or { window: integer ≥ 2 }');
    reweightWindow = integerAtLeast('reweight.window', rw.window, 2);
  }
  const direction = oneOf('direction', options.direction ?? 'adversarial', ['adversarial', 'random'] as const);
  return markResolved({ epsilon, clip, reweightWindow, direction });
}
