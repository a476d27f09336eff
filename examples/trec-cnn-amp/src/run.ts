import { createKimCnn } from '@ampmix/text';
import { wordMixup } from '@ampmix/sentence-mixup';
import type { TextComparisonSpec } from '@ampmix/cli';
import type { TrecSettings } from './settings.js';

/** The default job: TREC (6 classes), Kim CNN, WordMixup (Guo et al. 2019) vs WordMixup + AMP (Liu et al. 2021). */
export const TREC_SPEC: TextComparisonSpec<TrecSettings> = {
  name: 'trec-cnn-amp',
  dataset: 'trec',
  titles: { dataset: 'TREC', model: 'Kim CNN', method: 'WordMixup', unit: 'questions' },
  configs: [
    { label: 'word-mixup', dir: 'word-mixup', amp: false },
    { label: 'word-mixup+amp', dir: 'word-mixup-amp', amp: true },
  ],
  createModel: (data, s, seed) =>
    createKimCnn({
      vocabSize: data.vocab.size,
      numClasses: data.numClasses,
      maxLength: data.maxLength,
      embeddingDim: s.embeddingDim,
      numFilters: s.numFilters,
      filterSizes: s.filterSizes,
      dropout: s.dropout,
      seed,
    }),
  createMethod: (s) => wordMixup({ alpha: s.alpha }),
};
