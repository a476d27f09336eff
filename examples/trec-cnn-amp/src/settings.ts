/** Everything the default job can vary; {@link DEFAULT_SETTINGS} is what `npm start` runs. */
export interface TrecSettings {
  /** Optimizer steps of each run. */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Dev evaluations every this many steps (model selection: the best-dev model is tested). */
  evalEvery: number;
  /** Random word vectors of this size (no pre-trained vectors ship with the repository). */
  embeddingDim: number;
  numFilters: number;
  filterSizes: number[];
  /** Sentences padded/cut to this many tokens. */
  maxLength: number;
  dropout: number;
  /** Fraction of the training set kept (1 = all 5,452 questions less the 10 % dev split). */
  fraction: number;
  /** Mixup's Beta(α, α). */
  alpha: number;
  /** AMP's step size on λ. */
  epsilon: number;
  /** Each seed trains both configurations. */
  seeds: number[];
}

/**
 * The default job's settings, tuned to finish both runs in under 5 minutes on a 2-core machine with
 * the wasm backend (measured: about 2.5 minutes when the machine is otherwise idle): the paper's Kim CNN
 * (filter widths 3, 4, 5) made smaller (64-d random embeddings, 32 maps per width, sentences cut to 24
 * tokens), Adam at 5e-3 instead of the paper's 2e-4 (400 steps, about 4 epochs), batch 50 as the paper,
 * AMP's ε = 0.002 as the paper.
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
