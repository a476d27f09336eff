import { createBiLstm } from '@ampmix/text';
import { senMixup } from '@ampmix/sentence-mixup';
import type { TextComparisonSpec } from '@ampmix/cli';
import type { Sst2Settings } from './settings.js';

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
