import { booleanOption, integerAtLeast, noUnknownKeys, OptionError, oneOf } from '@ampmix/core';
import type { CleanStyle } from '../text/clean.js';
import type { TextEncoding } from './decode.js';
import type { LabelFormat } from './read-lines.js';
import { fractionOption } from '@ampmix/core';

/** Options of {@link loadTextDataset} and {@link loadTextFiles}. */
export interface TextDataOptions {
  /** Folder of the benchmark files (Node). Default: `AMPMIX_DATA_DIR`, else the one `@ampmix/datasets` ships. */
  dataDir?: string;
  /** Test fold of the 10-fold cross-validation (MR, SUBJ, files without a test file), 0..9. Default 0. */
  fold?: number;
  /** Keep this fraction of each training class (at least one example), (0, 1]. Default 1. */
  fraction?: number;
  /** Seed of the dev split and the subsampling. Default 0. */
  seed?: number;
  /** Dev split taken from train (stratified) when the dataset has no dev file, (0, 1). Default 0.1. */
  devFraction?: number;
  /** Pad/truncate length. Default: the longest training sentence, capped at 100. */
  maxLength?: number;
  /** Vocabulary minimum frequency. Default 1 (Kim 2014 keeps every word). */
  minFreq?: number;
  /** Skip malformed lines (counted in `summary.skipped`, listed in `skippedLines`) instead of throwing. Default false. */
  lenient?: boolean;
  /** Byte decoding of {@link loadTextFiles}' files. Default `utf-8` (strict). Shipped datasets know their own. */
  encoding?: TextEncoding;
  /** Label format of {@link loadTextFiles}' files. Default `auto`. */
  labelFormat?: LabelFormat;
  /** Cleaning (see {@link cleanText}). Default `kim`; the shipped datasets use Kim's choice per dataset. */
  clean?: CleanStyle;
  /** Lower-case the text. Default true (false for TREC, as Kim). */
  lowercase?: boolean;
  /**
   * Which sentences the vocabulary is built from: `train` (default; dev/test words unseen in training map
   * to UNK) or `all` splits, as Kim (2014) and the AMP reference code do so that pre-trained vectors of
   * test words are used.
   */
  vocabularyFrom?: 'train' | 'all';
  /** Seed of the cross-validation fold assignment, kept apart from `seed` so folds stay fixed. Default 0. */
  cvSeed?: number;
}

/** {@link TextDataOptions} validated and defaulted (`maxLength` null: from the data). */
export interface ResolvedTextDataOptions {
  readonly dataDir: string | undefined;
  readonly fold: number;
  readonly fraction: number;
  readonly seed: number;
  readonly devFraction: number;
  readonly maxLength: number | null;
  readonly minFreq: number;
  readonly lenient: boolean;
  readonly encoding: TextEncoding | undefined;
  readonly labelFormat: LabelFormat | undefined;
  readonly clean: CleanStyle | undefined;
  readonly lowercase: boolean | undefined;
  readonly vocabularyFrom: 'train' | 'all';
  readonly cvSeed: number;
}

/** Number of cross-validation folds (Kim 2014). */
export const CV_FOLDS = 10;

/** The cap of the default `maxLength`. */
export const MAX_LENGTH_CAP = 100;

const KEYS = ['dataDir', 'fold', 'fraction', 'seed', 'devFraction', 'maxLength', 'minFreq', 'lenient', 'encoding', 'labelFormat', 'clean', 'lowercase', 'vocabularyFrom', 'cvSeed'];

/** Validates {@link TextDataOptions}; messages name the option, the value and the valid range. */
export function resolveTextDataOptions(options: TextDataOptions = {}): ResolvedTextDataOptions {
  noUnknownKeys('text data', options, KEYS);
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir.length === 0)) {
    throw new OptionError('dataDir', options.dataDir, 'a non-empty path');
  }
  const devFraction = options.devFraction ?? 0.1;
  if (typeof devFraction !== 'number' || !(devFraction > 0 && devFraction < 1)) throw new OptionError('devFraction', devFraction, 'a number in (0, 1)');
  return {
    dataDir: options.dataDir,
    fold: integerAtLeast('fold', options.fold ?? 0, 0, CV_FOLDS - 1),
    fraction: fractionOption('fraction', options.fraction ?? 1),
    seed: integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff),
    devFraction,
    maxLength: options.maxLength === undefined ? null : integerAtLeast('maxLength', options.maxLength, 1),
    minFreq: integerAtLeast('minFreq', options.minFreq ?? 1, 1),
    lenient: booleanOption('lenient', options.lenient ?? false),
    encoding: options.encoding === undefined ? undefined : oneOf('encoding', options.encoding, ['utf-8', 'windows-1252'] as const),
    labelFormat: options.labelFormat === undefined ? undefined : oneOf('labelFormat', options.labelFormat, ['auto', 'integer', 'token'] as const),
    clean: options.clean === undefined ? undefined : oneOf('clean', options.clean, ['kim', 'kim-sst', 'none'] as const),
    lowercase: options.lowercase === undefined ? undefined : booleanOption('lowercase', options.lowercase),
    vocabularyFrom: oneOf('vocabularyFrom', options.vocabularyFrom ?? 'train', ['train', 'all'] as const),
    cvSeed: integerAtLeast('cvSeed', options.cvSeed ?? 0, 0, 0xffffffff),
  };
}
