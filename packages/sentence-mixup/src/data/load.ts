import { basename, join } from 'node:path';
import { oneOf, OptionError, Rng } from '@ampmix/core';
import { DataError, ProblemLog } from '../errors.js';
import type { SkippedLine } from '../errors.js';
import { resolveCleanOptions } from '../text/clean.js';
import type { CleanStyle } from '../text/clean.js';
import { Vocab } from '../text/vocab.js';
import { encodeSentences } from '../text/encode.js';
import { resolveDataDir } from './data-dir.js';
import { DATASET_NAMES, DATASETS } from './datasets.js';
import type { DatasetName } from './datasets.js';
import type { TextEncoding } from './decode.js';
import { labelIndex, readExamples, withKnownLabels } from './examples.js';
import type { RawExample } from './examples.js';
import type { LabelFormat } from './read-lines.js';
import { CV_FOLDS, MAX_LENGTH_CAP, resolveTextDataOptions } from './options.js';
import type { ResolvedTextDataOptions, TextDataOptions } from './options.js';
import { stratifiedFolds, stratifiedSplit, subsampleFraction } from './split.js';
import { TextDataset } from './text-dataset.js';

/** Sizes and counts of a loaded dataset. */
export interface TextSummary {
  train: number;
  dev: number;
  test: number;
  /** Lines skipped by `lenient` reading (0 when strict). */
  skipped: number;
  /** Vocabulary size, PAD and UNK included. */
  vocabulary: number;
  maxLength: number;
  /** Sentences (of any split) cut to `maxLength`. */
  truncated: number;
}

/** The train/dev/test splits of a text dataset, encoded with one vocabulary. */
export interface TextSplits {
  name: string;
  numClasses: number;
  labelNames: string[];
  /** Index 0 = PAD, 1 = UNK. */
  vocab: Vocab;
  maxLength: number;
  /** Inputs: int32 token ids [B, maxLength]. */
  train: TextDataset;
  dev: TextDataset;
  test: TextDataset;
  summary: TextSummary;
  /** The lines `lenient` reading skipped, with file, line and reason. */
  skippedLines: SkippedLine[];
}

/** Files of {@link loadTextFiles}; no `test` means 10-fold cross-validation on `train` (option `fold`). */
export interface TextFiles {
  train: string;
  test?: string;
  dev?: string;
}

interface ReadSettings {
  encoding: TextEncoding;
  labelFormat: LabelFormat;
  clean: CleanStyle;
  lowercase: boolean;
  labelNames?: readonly string[];
}

/**
 * Loads one of the shipped sentence-classification benchmarks of Kim (2014) used by Guo et al. (2019,
 * arXiv 1905.08941) and the AMP paper: `trec` (6 coarse classes), `trec-fine` (50 fine classes), `sst1`,
 * `sst2` (their own train/dev/test), `mr` and `subj` (10-fold cross-validation: option `fold`). Each
 * dataset is read with its checked encoding and Kim's cleaning for it (TREC kept cased, SST with
 * `clean_str_sst`).
 */
export async function loadTextDataset(name: DatasetName, options: TextDataOptions = {}): Promise<TextSplits> {
  const spec = DATASETS[oneOf('dataset name', name, DATASET_NAMES)];
  const o = resolveTextDataOptions(options);
  const dir = resolveDataDir(o.dataDir);
  const files: TextFiles = { train: join(dir, spec.files.train) };
  if (spec.files.dev) files.dev = join(dir, spec.files.dev);
  if (spec.files.test) files.test = join(dir, spec.files.test);
  return loadResolved(name, files, o, {
    encoding: o.encoding ?? spec.encoding,
    labelFormat: o.labelFormat ?? spec.labelFormat,
    clean: o.clean ?? spec.clean,
    lowercase: o.lowercase ?? spec.lowercase,
    labelNames: spec.labelNames,
  });
}

/**
 * Loads your own files in the same format (one example per line, label first): train/test files (and an
 * optional dev file), or a single file split by stratified 10-fold cross-validation (`fold`). A dev split
 * of `devFraction` of train is taken when there is no dev file. Files are strict UTF-8 unless `encoding`
 * says otherwise.
 */
export async function loadTextFiles(files: TextFiles, options: TextDataOptions = {}): Promise<TextSplits> {
  if (files === null || typeof files !== 'object') throw new OptionError('files', files, '{ train, test?, dev? } paths');
  for (const k of ['train', 'test', 'dev'] as const) {
    const f = files[k];
    if ((k === 'train' || f !== undefined) && (typeof f !== 'string' || f.length === 0)) throw new OptionError(`files.${k}`, f, 'a file path');
  }
  const o = resolveTextDataOptions(options);
  return loadResolved(basename(files.train), files, o, {
    encoding: o.encoding ?? 'utf-8',
    labelFormat: o.labelFormat ?? 'auto',
    clean: o.clean ?? 'kim',
    lowercase: o.lowercase ?? true,
  });
}

async function loadResolved(name: string, files: TextFiles, o: ResolvedTextDataOptions, s: ReadSettings): Promise<TextSplits> {
  const log = new ProblemLog(o.lenient);
  const clean = resolveCleanOptions({ style: s.clean, lowercase: s.lowercase });
  const trainRaw = await readExamples(files.train, s.encoding, s.labelFormat, clean, log);
  // dev/test files use the train file's label format
  const fmt = trainRaw.labelFormat;
  const devRaw = files.dev ? await readExamples(files.dev, s.encoding, fmt, clean, log) : null;
  const testRaw = files.test ? await readExamples(files.test, s.encoding, fmt, clean, log) : null;
  const { names, index } = labelIndex(trainRaw.examples.map((e) => e.label), fmt, s.labelNames);
  const all = withKnownLabels(trainRaw, index, log);
  if (all.examples.length === 0) throw new DataError(files.train, 0, 'no-examples', 'no valid training example in the file');

  let trainIdx = all.examples.map((_, i) => i);
  let test: { examples: RawExample[]; labels: number[] };
  if (testRaw) {
    test = withKnownLabels(testRaw, index, log);
  } else {
    const folds = stratifiedFolds(all.labels, CV_FOLDS, o.cvSeed);
    test = { examples: [], labels: [] };
    trainIdx = [];
    folds.forEach((f, i) => {
      if (f === o.fold) {
        test.examples.push(all.examples[i]);
        test.labels.push(all.labels[i]);
      } else trainIdx.push(i);
    });
  }
  let dev: { examples: RawExample[]; labels: number[] };
  if (devRaw) {
    dev = withKnownLabels(devRaw, index, log);
  } else {
    const { kept, held } = stratifiedSplit(trainIdx.map((i) => all.labels[i]), o.devFraction, o.seed);
    dev = { examples: held.map((k) => all.examples[trainIdx[k]]), labels: held.map((k) => all.labels[trainIdx[k]]) };
    trainIdx = kept.map((k) => trainIdx[k]);
  }
  if (o.fraction < 1) {
    const kept = subsampleFraction(trainIdx.map((i) => all.labels[i]), o.fraction, new Rng(o.seed).nextSeed());
    trainIdx = kept.map((k) => trainIdx[k]);
  }
  const train = { examples: trainIdx.map((i) => all.examples[i]), labels: trainIdx.map((i) => all.labels[i]) };

  const vocabSource = o.vocabularyFrom === 'all' ? [train, dev, test] : [train];
  const vocab = Vocab.build(
    vocabSource.flatMap((part) => part.examples.map((e) => e.tokens)),
    { minFreq: o.minFreq },
  );
  const longest = train.examples.reduce((m, e) => Math.max(m, e.tokens.length), 1);
  const maxLength = o.maxLength ?? Math.min(MAX_LENGTH_CAP, longest);
  let truncated = 0;
  const numClasses = names.length;
  const encode = (part: { examples: RawExample[]; labels: number[] }): TextDataset => {
    const enc = encodeSentences(part.examples.map((e) => e.tokens), vocab, maxLength);
    truncated += enc.truncated;
    return new TextDataset(enc.ids, Int32Array.from(part.labels), enc.lengths, maxLength, numClasses);
  };
  const splits = { train: encode(train), dev: encode(dev), test: encode(test) };
  return {
    name,
    numClasses,
    labelNames: names,
    vocab,
    maxLength,
    ...splits,
    summary: {
      train: splits.train.size,
      dev: splits.dev.size,
      test: splits.test.size,
      skipped: log.skipped.length,
      vocabulary: vocab.size,
      maxLength,
      truncated,
    },
    skippedLines: log.skipped,
  };
}
