import type { TextComparisonSettings } from '@ampmix/cli';

/** Everything the default job can vary; {@link DEFAULT_SETTINGS} is what `npm start` runs. */
export interface TrecSettings extends TextComparisonSettings {
  numFilters: number;
  filterSizes: number[];
}

/**
 * The default job's settings, sized to finish both runs in well under a minute on a 2-core machine with
 * the wasm backend (measured: 25 s): the paper's Kim CNN (filter widths 3, 4, 5) made smaller (64-d random
 * embeddings, 32 maps per width, sentences cut to 24 tokens), Adam at 5e-3 instead of the paper's 2e-4
 * (400 steps, about 4 epochs), batch 50 as the paper, AMP's ε = 0.002 as the paper.
 */
export const DEFAULT_SETTINGS: TrecSettings = {
  steps: 400,
  batchSize: 50,
  learningRate: 5e-3,
  evalEvery: 25,
  embeddingDim: 64,
  numFilters: 32,
  filterSizes: [3, 4, 5],
  maxLength: 24,
  dropout: 0.5,
  fraction: 1,
  alpha: 1,
  epsilon: 0.002,
  seeds: [1],
};

/** `--quick`: a tiny model on 5 % of the data for a few steps; finishes in seconds (for tests). */
export const QUICK_SETTINGS: TrecSettings = {
  ...DEFAULT_SETTINGS,
  steps: 4,
  batchSize: 16,
  evalEvery: 2,
  embeddingDim: 8,
  numFilters: 4,
  filterSizes: [2, 3],
  maxLength: 12,
  fraction: 0.05,
};
