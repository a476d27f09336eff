import { createKimCnn, wordMixup } from '@ampmix/sentence-mixup';
import { runTextComparison } from '@ampmix/trainer';
import type { TextComparisonOptions, TextComparisonResult, TextComparisonSpec } from '@ampmix/trainer';
import type { TrecSettings } from './settings.js';

export { EXAMPLE_MARKER } from '@ampmix/trainer';

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

/** The two configurations, in table order. */
export const CONFIGS = TREC_SPEC.configs;

/** Options of {@link runTrecCnnAmp}. */
export type TrecRunOptions = TextComparisonOptions<TrecSettings>;
/** What {@link runTrecCnnAmp} returns. */
export type TrecRunResult = TextComparisonResult;

/**
 * The default job: both configurations trained with the same seeds, data and budget; prints the test errors
 * side by side (best-dev model), writes the logs and an HTML report under `out`, and returns the numbers.
 * Expects the backend to be chosen already.
 */
export function runTrecCnnAmp(options: TrecRunOptions): Promise<TrecRunResult> {
  return runTextComparison(TREC_SPEC, options);
}
