import { createBiLstm, senMixup } from '@ampmix/sentence-mixup';
import { runTextComparison } from '@ampmix/trainer';
import type { TextComparisonOptions, TextComparisonResult, TextComparisonSpec } from '@ampmix/trainer';
import type { Sst2Settings } from './settings.js';

export { EXAMPLE_MARKER } from '@ampmix/trainer';

/** SST-2 (binary sentiment), the BiLSTM-attention model of the AMP reference code, SenMixup (Guo et al. 2019) vs SenMixup + AMP (Liu et al. 2021). */
export const SST2_SPEC: TextComparisonSpec<Sst2Settings> = {
  name: 'sst2-lstm-senmixup',
  dataset: 'sst2',
  titles: { dataset: 'SST-2', model: 'BiLSTM', method: 'SenMixup', unit: 'sentences' },
  configs: [
    { label: 'sen-mixup', dir: 'sen-mixup', amp: false },
    { label: 'sen-mixup+amp', dir: 'sen-mixup-amp', amp: true },
  ],
  createModel: (data, s, seed) =>
    createBiLstm({
      vocabSize: data.vocab.size,
      numClasses: data.numClasses,
      maxLength: data.maxLength,
      embeddingDim: s.embeddingDim,
      hiddenSize: s.hiddenSize,
      dropout: s.dropout,
      seed,
    }),
  createMethod: (s) => senMixup({ alpha: s.alpha }),
};

/** The two configurations, in table order. */
export const CONFIGS = SST2_SPEC.configs;

/** Options of {@link runSst2Lstm}. */
export type Sst2RunOptions = TextComparisonOptions<Sst2Settings>;
/** What {@link runSst2Lstm} returns. */
export type Sst2RunResult = TextComparisonResult;

/**
 * SenMixup vs SenMixup + AMP on SST-2, same seeds, data and budget. Prints the test errors side by side
 * (best-dev model), writes the logs and an HTML report under `out`. Expects the backend to be chosen already.
 */
export function runSst2Lstm(options: Sst2RunOptions): Promise<Sst2RunResult> {
  return runTextComparison(SST2_SPEC, options);
}
