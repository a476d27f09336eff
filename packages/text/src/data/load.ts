import { oneOf, OptionError, Rng } from '@ampmix/core';
import { DataError, ProblemLog } from '../errors.js';
import type { SkippedLine } from '../errors.js';
import { resolveCleanOptions } from '../text/clean.js';
import type { CleanStyle } from '../text/clean.js';
import { Vocab } from '../text/vocab.js';
import { encodeSentences } from '../text/encode.js';
import { DATASET_NAMES, DATASETS } from './datasets.js';
import type { DatasetName, DatasetSpec } from './datasets.js';
import type { TextEncoding } from './decode.js';
import { labelIndex, readExamples, withKnownLabels } from './examples.js';
import { textBytes } from './read-lines.js';
import type { TextData } from './read-lines.js';
import type { RawExample } from './examples.js';
import type { LabelFormat } from './read-lines.js';
import { CV_FOLDS, MAX_LENGTH_CAP, resolveTextDataOptions } from './options.js';
import type { ResolvedTextDataOptions, TextDataOptions } from './options.js';
import { stratifiedFolds, stratifiedHoldOut, subsampleFraction } from '@ampmix/core';
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

/** One file's content and the name it is reported under (a path, a URL, a file name). */
export interface TextSource {
  readonly name: string;
  readonly data: TextData;
}

/** The sources of {@link loadTextSources}; no `test` means 10-fold cross-validation on `train` (option `fold`). */
export interface TextSources {
  train: TextSource;
  test?: TextSource;
  dev?: TextSource;
}

/** Reads one shipped file by its name (e.g. `TREC.train.all`): `fetch` in a page, a file read in Node. */
export type DatasetFileReader = (fileName: string) => Promise<TextData>;

/** How a file set is read: the shipped benchmarks' settings, or the defaults for a user's own files. */
export interface ReadSettings {
  encoding: TextEncoding;
  labelFormat: LabelFormat;
  clean: CleanStyle;
  lowercase: boolean;
  labelNames?: readonly string[];
}

/**
 * Loads one of the shipped sentence-classification benchmarks of Kim (2014) used by Guo et al. (2019,
 * arXiv 1905.08941) and the AMP paper — `trec` (6 coarse classes), `trec-fine` (50 fine classes), `sst1`,
 * `sst2` (their own train/dev/test), `mr` and `subj` (10-fold cross-validation: option `fold`) — reading
 * each file through `read` (its bytes come from `@ampmix/datasets`: `fetch` them in a page; in Node,
 * `loadTextDataset` from `@ampmix/text/node` does it for you). Each dataset is decoded with its checked
 * encoding and Kim's cleaning for it (TREC kept cased, SST with `clean_str_sst`).
 */
export async function loadTextDatasetFrom(name: DatasetName, read: DatasetFileReader, options: TextDataOptions = {}): Promise<TextSplits> {
  const spec = DATASETS[oneOf('dataset name', name, DATASET_NAMES)];
  const o = resolveTextDataOptions(options);
  const source = async (file: string): Promise<TextSource> => ({ name: file, data: await read(file) });
  const sources: TextSources = { train: await source(spec.files.train) };
  if (spec.files.dev) sources.dev = await source(spec.files.dev);
  if (spec.files.test) sources.test = await source(spec.files.test);
  return buildTextSplits(name, sources, o, datasetReadSettings(spec, o));
}

/** The read settings of a shipped dataset, with the caller's overrides. */
export function datasetReadSettings(spec: DatasetSpec, o: ResolvedTextDataOptions): ReadSettings {
  return {
    encoding: o.encoding ?? spec.encoding,
    labelFormat: o.labelFormat ?? spec.labelFormat,
    clean: o.clean ?? spec.clean,
    lowercase: o.lowercase ?? spec.lowercase,
    labelNames: spec.labelNames,
  };
}

/** The read settings of a user's own files: strict UTF-8, labels detected, Kim's cleaning, lower-cased. */
export function userReadSettings(o: ResolvedTextDataOptions): ReadSettings {
  return { encoding: o.encoding ?? 'utf-8', labelFormat: o.labelFormat ?? 'auto', clean: o.clean ?? 'kim', lowercase: o.lowercase ?? true };
}

/**
 * Loads your own labelled text already in memory, in the same format as the benchmarks (one example per
 * line, label first): train/test (and an optional dev), or train alone split by stratified 10-fold
 * cross-validation (`fold`). A dev split of `devFraction` of train is taken when there is no dev source.
 * Bytes are strict UTF-8 unless `encoding` says otherwise. In Node, `loadTextFiles` from
 * `@ampmix/text/node` reads files the same way.
 */
export async function loadTextSources(sources: TextSources, options: TextDataOptions = {}): Promise<TextSplits> {
  if (sources === null || typeof sources !== 'object') throw new OptionError('sources', sources, '{ train, test?, dev? } of { name, data }');
  for (const k of ['train', 'test', 'dev'] as const) {
    const f = sources[k];
    if ((k === 'train' || f !== undefined) && (f === null || typeof f !== 'object' || typeof f.name !== 'string' || f.data === undefined)) {
      throw new OptionError(`sources.${k}`, f, '{ name: string, data: bytes or text }');
    }
  }
  const o = resolveTextDataOptions(options);
  return buildTextSplits(sources.train.name, sources, o, userReadSettings(o));
}

/** Reads, splits, builds the vocabulary and encodes: the one loader behind every entry point. */
export async function buildTextSplits(name: string, files: TextSources, o: ResolvedTextDataOptions, s: ReadSettings): Promise<TextSplits> {
  const log = new ProblemLog(o.lenient);
  const clean = resolveCleanOptions({ style: s.clean, lowercase: s.lowercase });
  const read = (f: TextSource, fmt: LabelFormat) => readExamples(textBytes(f.data), f.name, s.encoding, fmt, clean, log);
  const trainRaw = read(files.train, s.labelFormat);
  // dev/test files use the train file's label format
  const fmt = trainRaw.labelFormat;
  const devRaw = files.dev ? read(files.dev, fmt) : null;
  const testRaw = files.test ? read(files.test, fmt) : null;
  const { names, index } = labelIndex(trainRaw.examples.map((e) => e.label), fmt, s.labelNames);
  const all = withKnownLabels(trainRaw, index, log);
  if (all.examples.length === 0) throw new DataError(files.train.name, 0, 'no-examples', 'no valid training example in the file');

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
    const { kept, held } = stratifiedHoldOut(trainIdx.map((i) => all.labels[i]), o.devFraction, o.seed);
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
