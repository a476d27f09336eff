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
  /**
   * Which λ-gradient the step ε follows, in λ units:
   * - `mean` (default for the linear variants; the reference code): g = ∂ mean_i ℓ_i/∂λ, so each example
   *   moves by Δλ_i = ε/B·∂ℓ_i/∂λ_i — with B = 50 and ε = 0.002, 4e-5 per unit of per-example slope;
   * - `sum`: g = ∂ Σ_i ℓ_i/∂λ = ∂ℓ_i/∂λ_i per example, Δλ_i = ε·∂ℓ_i/∂λ_i, independent of the batch size.
   */
  gradScale?: 'mean' | 'sum';
  /**
   * How d_i = ℓ'_i − ℓ_i (the mask m_i = [d_i > 0] and the re-weighting's input) is formed:
   * - `subtraction`: ℓ'_i − ℓ_i as computed (the reference code) — rounding noise when d is a few ulps of ℓ;
   * - `first-order`: (λ'_i − λ_i)·∂ℓ_i/∂λ_i from the Max pass (exact to O(Δλ²); needs a mixer whose λ-gradient
   *   is that of the trained mix, i.e. not `surrogateGradient`);
   * - `auto` (default): first-order where |ℓ' − ℓ| is within the losses' float32 rounding
   *   ({@link LOSS_DIFFERENCE_ULPS} ulps of max(|ℓ|, |ℓ'|)), the subtraction elsewhere; always the subtraction for a
   *   surrogate-gradient mixer (CutMix), whose hard box moves in whole pixels.
   */
  lossDifference?: 'auto' | 'subtraction' | 'first-order';
}

/** Width, in float32 ulps of max(|ℓ|, |ℓ'|), below which `lossDifference: 'auto'` uses the first-order term. */
export const LOSS_DIFFERENCE_ULPS = 1024;

const AMP_OPTION_KEYS = ['epsilon', 'clip', 'reweight', 'direction', 'gradScale', 'lossDifference'];

/** Validated, defaulted {@link AmpOptions}, as {@link resolveAmpOptions} returns them (frozen). */
export interface ResolvedAmpOptions {
  readonly epsilon: number;
  readonly clip: boolean;
  readonly reweightWindow: number | null;
  readonly direction: 'adversarial' | 'random';
  readonly gradScale: 'mean' | 'sum';
  readonly lossDifference: 'auto' | 'subtraction' | 'first-order';
}

/**
 * Validates and defaults {@link AmpOptions}; messages name the option, the value and the range. `defaults`
 * (e.g. a method's `ampDefaults`) fill what `options` leaves unset, before the engine's own defaults. The
 * result is frozen and marked, so `mixStep` uses it as is (a copy of it, or an edited one, is refused there).
 */
export function resolveAmpOptions(options: AmpOptions = {}, defaults: AmpOptions = {}): ResolvedAmpOptions {
  noUnknownKeys('amp', options, AMP_OPTION_KEYS);
  noUnknownKeys('ampDefaults', defaults, AMP_OPTION_KEYS);
  options = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const epsilon = nonNegativeNumber('epsilon', options.epsilon ?? 0.002);
  const clip = booleanOption('clip', options.clip ?? true);
  let reweightWindow: number | null = null;
  const rw = options.reweight ?? false;
  if (rw !== false) {
    if (typeof rw !== 'object' || rw === null) throw new OptionError('reweight', rw, 'false or { window: integer ≥ 2 }');
    reweightWindow = integerAtLeast('reweight.window', rw.window, 2);
  }
  const direction = oneOf('direction', options.direction ?? 'adversarial', ['adversarial', 'random'] as const);
  const gradScale = oneOf('gradScale', options.gradScale ?? 'mean', ['mean', 'sum'] as const);
  const lossDifference = oneOf('lossDifference', options.lossDifference ?? 'auto', ['auto', 'subtraction', 'first-order'] as const);
  return markResolved({ epsilon, clip, reweightWindow, direction, gradScale, lossDifference });
}
