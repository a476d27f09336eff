import { integerAtLeast, OptionError } from '@ampmix/core';

/** Sizes and budget of a run; every row uses the same. */
export interface LayersExampleConfig {
  /** Digits drawn for training (`devSize` of them held out as validationData) and for testing. */
  trainSize: number;
  devSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** α of Beta(α, α) for CutMix and Manifold Mixup. */
  alpha: number;
  /** AMP's ε for Manifold Mixup (the paper's 0.002). */
  epsilon: number;
  /**
   * AMP's ε for CutMix: a pixel box moves only when |λ' − λ| ≥ (1 − λ)/side (about 0.025 here), which the paper's ε
   * never reaches (see @ampmix/cutmix's README, "Choosing ε"); 1 makes it move. Chosen, not tuned.
   */
  cutmixEpsilon: number;
}

/** Preset names. */
export type PresetName = 'smoke' | 'default';

/** `smoke`: 300 digits, one epoch — a wiring check in seconds. `default`: 3,000/1,000 digits, 3 epochs (README). */
export const PRESETS: Readonly<Record<PresetName, Readonly<LayersExampleConfig>>> = {
  smoke: { trainSize: 300, devSize: 60, testSize: 100, epochs: 1, batchSize: 30, learningRate: 3e-3, alpha: 1, epsilon: 0.002, cutmixEpsilon: 1 },
  default: { trainSize: 3000, devSize: 500, testSize: 1000, epochs: 3, batchSize: 32, learningRate: 2e-3, alpha: 1, epsilon: 0.002, cutmixEpsilon: 1 },
};

/** The preset's configuration with `overrides` applied. */
export function resolveConfig(preset: unknown, overrides: Partial<LayersExampleConfig> = {}): LayersExampleConfig {
  if (preset !== 'smoke' && preset !== 'default') throw new OptionError('preset', preset, 'one of "smoke", "default"');
  const known = Object.keys(PRESETS.default);
  for (const k of Object.keys(overrides)) if (!known.includes(k)) throw new OptionError(`overrides option "${k}"`, k, `one of ${known.map((n) => JSON.stringify(n)).join(', ')}`);
  const c = { ...PRESETS[preset], ...overrides };
  integerAtLeast('epochs', c.epochs, 1);
  return c;
}
