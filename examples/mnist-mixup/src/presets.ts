import { integerAtLeast, OptionError } from '@ampmix/core';

/** Everything that sets the size and budget of a comparison; every row uses the same values. */
export interface ComparisonConfig {
  /** `cnn`: two conv blocks (sites input, block1, block2); `mlp`: ReLU MLP (sites input, hidden1, hidden2). */
  model: 'cnn' | 'mlp';
  /** CNN channels or MLP hidden sizes. */
  widths: [number, number];
  /** Digits drawn for training; `devSize` of them are held out for model selection. */
  trainSize: number;
  devSize: number;
  testSize: number;
  /** Optimizer steps per row. */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Steps between dev evaluations (the best-dev model is reported). */
  evalEvery: number;
  /** α of Beta(α, α) for every mixing method. */
  alpha: number;
  /** AMP's ε (Liu et al. 2021 use 0.002). */
  epsilon: number;
}

/** Preset names. */
export type PresetName = 'smoke' | 'default';

/**
 * `smoke`: a tiny MLP on 600 digits for 40 steps a row — a wiring check (about 2 s on wasm).
 * `default`: the small CNN on the 8,000/2,000 split (1,000 training digits held out as dev), 600 steps of 50
 * a row (about 4 epochs) — 4 min 20 s for the 7 rows on one core with the wasm backend (measured; README).
 */
export const PRESETS: Readonly<Record<PresetName, Readonly<ComparisonConfig>>> = {
  smoke: {
    model: 'mlp', widths: [32, 16], trainSize: 600, devSize: 100, testSize: 200,
    steps: 40, batchSize: 25, learningRate: 5e-3, evalEvery: 20, alpha: 1, epsilon: 0.002,
  },
  default: {
    model: 'cnn', widths: [16, 32], trainSize: 8000, devSize: 1000, testSize: 2000,
    steps: 600, batchSize: 50, learningRate: 1e-3, evalEvery: 100, alpha: 1, epsilon: 0.002,
  },
};

/** The preset's configuration with `overrides` applied. */
export function resolveConfig(preset: unknown, overrides: Partial<ComparisonConfig> = {}): ComparisonConfig {
  if (preset !== 'smoke' && preset !== 'default') throw new OptionError('preset', preset, 'one of "smoke", "default"');
  const known = Object.keys(PRESETS.default);
  for (const k of Object.keys(overrides)) if (!known.includes(k)) throw new OptionError(`overrides option "${k}"`, k, `one of ${known.map((n) => JSON.stringify(n)).join(', ')}`);
  const c = { ...PRESETS[preset], ...overrides };
  integerAtLeast('steps', c.steps, 1);
  if (!(c.epsilon >= 0)) throw new OptionError('epsilon', c.epsilon, 'a number ≥ 0');
  return c;
}
