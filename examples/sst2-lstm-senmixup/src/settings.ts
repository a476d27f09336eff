import type { TextComparisonSettings } from '@ampmix/cli';

/** Everything the SST-2 example can vary. */
export interface Sst2Settings extends TextComparisonSettings {
  /** LSTM units per direction. */
  hiddenSize: number;
}

/**
 * Default settings: the AMP reference code's BiLSTM with attention, made small enough for a CPU
 * (32-d random embeddings, 32 units per direction, sentences cut to 30 tokens), Adam at 2e-3, batch 50.
 */
export const DEFAULT_SETTINGS: Sst2Settings = {
  steps: 300,
  batchSize: 50,
  learningRate: 2e-3,
  evalEvery: 50,
  embeddingDim: 32,
  hiddenSize: 32,
  maxLength: 30,
  dropout: 0.5,
  fraction: 1,
  alpha: 1,
  epsilon: 0.002,
  seeds: [1],
};

/** `--quick`: a tiny model on 3 % of the data for a few steps; finishes in seconds (for tests). */
export const QUICK_SETTINGS: Sst2Settings = {
  ...DEFAULT_SETTINGS,
  steps: 4,
  batchSize: 16,
  evalEvery: 2,
  embeddingDim: 8,
  hiddenSize: 4,
  maxLength: 12,
  fraction: 0.03,
};
