import type { DatasetDescriptor } from '@ampmix/core';
import { DATASETS } from './datasets.js';
import type { DatasetName } from './datasets.js';

const TREC = 'Li & Roth, Learning Question Classifiers, COLING 2002';
const SST = 'Socher et al., Recursive Deep Models for Semantic Compositionality Over a Sentiment Treebank, EMNLP 2013';

const ABOUT: Record<DatasetName, { summary: string; paper: string }> = {
  trec: { summary: 'TREC questions, 6 coarse classes', paper: TREC },
  'trec-fine': { summary: 'TREC questions, 50 fine classes', paper: TREC },
  sst1: { summary: 'Stanford Sentiment Treebank, 5 classes', paper: SST },
  sst2: { summary: 'Stanford Sentiment Treebank, positive/negative', paper: SST },
  mr: { summary: 'movie review snippets, positive/negative (10-fold CV)', paper: 'Pang & Lee, Seeing stars, ACL 2005' },
  subj: { summary: 'subjective/objective sentences (10-fold CV)', paper: 'Pang & Lee, A Sentimental Education, ACL 2004' },
};

/**
 * The shipped sentence benchmarks ({@link DATASETS}) described for command lines and forms: text, from
 * `@ampmix/datasets`, with a test split of their own or 10-fold cross-validation (MR, SUBJ).
 */
export const TEXT_DATASET_DESCRIPTORS: readonly DatasetDescriptor[] = (Object.keys(DATASETS) as DatasetName[]).map((name) => ({
  kind: 'dataset',
  name,
  ...ABOUT[name],
  options: [],
  provides: 'text',
  test: DATASETS[name].files.test ? 'split' : 'cross-validation',
  source: '@ampmix/datasets',
}));
