import { booleanOption, integerAtLeast, noUnknownKeys, nonNegativeNumber, numberInRange, oneOf, OptionError } from '@ampmix/core';

/** Options of {@link createMixTransform} — timm's `Mixup` / torchvision v2's `MixUp`, `CutMix`, `RandomChoice`. */
export interface MixTransformOptions {
  /** α of Beta(α, α) for Mixup; 0 turns Mixup off. Default 1 (timm `mixup_alpha`, torchvision `MixUp(alpha)`). */
  mixupAlpha?: number;
  /** α of Beta(α, α) for CutMix; 0 turns CutMix off. Default 0 (timm `cutmix_alpha`, torchvision `CutMix(alpha)`). */
  cutmixAlpha?: number;
  /**
   * `[min, max]` fractions of the image side: CutMix boxes get sides uniform in ⌊(min, max)·(H, W)⌋ and lie fully inside
   * the image (timm `cutmix_minmax`); turns CutMix on (α is then unused). Default null.
   */
  cutmixMinMax?: [number, number] | null;
  /** Probability that a batch / pair / element is mixed at all. Default 1 (timm `prob`; torchvision `RandomApply(p)`). */
  prob?: number;
  /** With both Mixup and CutMix on: probability of CutMix. Default 0.5 (timm `switch_prob`; torchvision `RandomChoice`). */
  switchProb?: number;
  /** One draw for the whole batch, one per pair (i, B−1−i), or one per example. Default `batch` (timm `mode`). */
  mode?: 'batch' | 'pair' | 'elem';
  /** Mix CutMix targets with λ recomputed from the pasted (clipped) box area. Default true (timm `correct_lam`; torchvision always). */
  correctLam?: boolean;
  /** Label smoothing s: targets s/C off, 1 − s + s/C on, before mixing. Default 0 (timm `label_smoothing` defaults to 0.1). */
  labelSmoothing?: number;
  /** Number of classes (needed when `ys` are class indices; checked against one-hot `ys`). */
  numClasses: number;
  /** Partner of example i: `flip` = B−1−i (timm, default) or `roll` = i−1 (torchvision's `roll(1, 0)`). `pair` mode needs `flip`. */
  partner?: 'flip' | 'roll';
  /** Seed of the transform's generator: the same seed gives the same sequence of batches. Default 0. */
  seed?: number;
}

/** {@link MixTransformOptions} validated and defaulted. */
export interface ResolvedMixTransformOptions {
  readonly mixupAlpha: number;
  readonly cutmixAlpha: number;
  readonly cutmixMinMax: readonly [number, number] | null;
  readonly prob: number;
  readonly switchProb: number;
  readonly mode: 'batch' | 'pair' | 'elem';
  readonly correctLam: boolean;
  readonly labelSmoothing: number;
  readonly numClasses: number;
  readonly partner: 'flip' | 'roll';
  readonly seed: number;
  /** Mixup / CutMix in use. */
  readonly mixup: boolean;
  readonly cutmix: boolean;
}

const KEYS = ['mixupAlpha', 'cutmixAlpha', 'cutmixMinMax', 'prob', 'switchProb', 'mode', 'correctLam', 'labelSmoothing', 'numClasses', 'partner', 'seed'];

/** Validates and defaults {@link MixTransformOptions}; messages name the option, the value and the range. */
export function resolveMixTransformOptions(options: MixTransformOptions): ResolvedMixTransformOptions {
  noUnknownKeys('mix transform', options, KEYS);
  const mixupAlpha = nonNegativeNumber('mixupAlpha', options.mixupAlpha ?? 1);
  const cutmixAlpha = nonNegativeNumber('cutmixAlpha', options.cutmixAlpha ?? 0);
  const mm = options.cutmixMinMax ?? null;
  let cutmixMinMax: [number, number] | null = null;
  if (mm !== null) {
    if (!Array.isArray(mm) || mm.length !== 2) throw new OptionError('cutmixMinMax', mm, '[min, max] with 0 ≤ min < max ≤ 1, or null');
    const lo = numberInRange('cutmixMinMax[0]', mm[0], 0, 1);
    const hi = numberInRange('cutmixMinMax[1]', mm[1], 0, 1);
    if (!(lo < hi)) throw new OptionError('cutmixMinMax', mm, '[min, max] with min < max');
    cutmixMinMax = [lo, hi];
  }
  const cutmix = cutmixAlpha > 0 || cutmixMinMax !== null;
  const mixup = mixupAlpha > 0;
  if (!mixup && !cutmix) throw new OptionError('mixupAlpha', mixupAlpha, 'a number > 0 (or cutmixAlpha > 0, or cutmixMinMax): the transform would never mix');
  const mode = oneOf('mode', options.mode ?? 'batch', ['batch', 'pair', 'elem'] as const);
  const partner = oneOf('partner', options.partner ?? 'flip', ['flip', 'roll'] as const);
  if (mode === 'pair' && partner !== 'flip') throw new OptionError('partner', partner, '"flip" in pair mode (pairs are (i, B−1−i))');
  return {
    mixupAlpha,
    cutmixAlpha,
    cutmixMinMax,
    prob: numberInRange('prob', options.prob ?? 1, 0, 1),
    switchProb: numberInRange('switchProb', options.switchProb ?? 0.5, 0, 1),
    mode,
    correctLam: booleanOption('correctLam', options.correctLam ?? true),
    labelSmoothing: numberInRange('labelSmoothing', options.labelSmoothing ?? 0, 0, 1),
    numClasses: integerAtLeast('numClasses', options.numClasses, 1),
    partner,
    seed: integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff),
    mixup,
    cutmix,
  };
}
