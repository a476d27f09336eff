import type { CleanStyle } from '../text/clean.js';
import type { TextEncoding } from './decode.js';
import type { LabelFormat } from './read-lines.js';

/** The shipped sentence-classification benchmarks (Kim 2014; Guo et al. 2019; Liu et al. 2021). */
export type DatasetName = 'trec' | 'trec-fine' | 'sst1' | 'sst2' | 'mr' | 'subj';

/** How one shipped dataset is stored and read. */
export interface DatasetSpec {
  readonly name: DatasetName;
  /** File names inside the data directory; no `test` means 10-fold cross-validation. */
  readonly files: { readonly train: string; readonly dev?: string; readonly test?: string };
  /** Checked byte by byte for the shipped files; see the README of @ampmix/datasets. */
  readonly encoding: TextEncoding;
  readonly labelFormat: Exclude<LabelFormat, 'auto'>;
  readonly clean: CleanStyle;
  /** Kim keeps TREC cased (`clean_str(..., TREC=True)`); everything else is lower-cased. */
  readonly lowercase: boolean;
  /** Names of the classes 0, 1, … for integer labels (their meaning, checked against the source data). */
  readonly labelNames?: readonly string[];
}

/** Every shipped dataset, by name. */
export const DATASETS: Readonly<Record<DatasetName, DatasetSpec>> = {
  trec: {
    name: 'trec',
    files: { train: 'TREC.train.all', test: 'TREC.test.all' },
    encoding: 'windows-1252',
    labelFormat: 'integer',
    clean: 'kim',
    lowercase: false,
    // aligned line by line with raw-TREC.train's COARSE:fine labels
    labelNames: ['DESC', 'ENTY', 'ABBR', 'HUM', 'LOC', 'NUM'],
  },
  'trec-fine': {
    name: 'trec-fine',
    files: { train: 'raw-TREC.train', test: 'raw-TREC.test' },
    encoding: 'windows-1252',
    labelFormat: 'token',
    clean: 'kim',
    lowercase: false,
  },
  sst1: {
    name: 'sst1',
    files: { train: 'stsa.fine.train', dev: 'stsa.fine.dev', test: 'stsa.fine.test' },
    encoding: 'utf-8',
    labelFormat: 'integer',
    clean: 'kim-sst',
    lowercase: true,
    labelNames: ['very negative', 'negative', 'neutral', 'positive', 'very positive'],
  },
  sst2: {
    name: 'sst2',
    files: { train: 'stsa.binary.train', dev: 'stsa.binary.dev', test: 'stsa.binary.test' },
    encoding: 'utf-8',
    labelFormat: 'integer',
    clean: 'kim-sst',
    lowercase: true,
    labelNames: ['negative', 'positive'],
  },
  mr: {
    name: 'mr',
    files: { train: 'rt-polarity.all' },
    encoding: 'windows-1252',
    labelFormat: 'integer',
    clean: 'kim',
    lowercase: true,
    labelNames: ['negative', 'positive'],
  },
  subj: {
    name: 'subj',
    files: { train: 'subj.all' },
    encoding: 'windows-1252',
    labelFormat: 'integer',
    clean: 'kim',
    lowercase: true,
    // 0: review snippets (Pang & Lee's subjective set), 1: plot summaries (objective)
    labelNames: ['subjective', 'objective'],
  },
};

/** The names of the shipped datasets. */
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];
