import { basename, join } from 'node:path';
import { OptionError } from '@ampmix/core';
import type { DatasetName } from '../data/datasets.js';
import { buildTextSplits, loadTextDatasetFrom, userReadSettings } from '../data/load.js';
import type { TextSources, TextSplits } from '../data/load.js';
import { resolveTextDataOptions } from '../data/options.js';
import type { TextDataOptions } from '../data/options.js';
import { readBytes } from './read-file.js';
import { resolveDataDir } from './data-dir.js';

/** Files of {@link loadTextFiles}; no `test` means 10-fold cross-validation on `train` (option `fold`). */
export interface TextFiles {
  train: string;
  test?: string;
  dev?: string;
}

/**
 * Loads one of the shipped benchmarks (`trec`, `trec-fine`, `sst1`, `sst2`, `mr`, `subj`) from
 * `@ampmix/datasets` (or `dataDir` / `AMPMIX_DATA_DIR`): `loadTextDatasetFrom` with a file reader.
 */
export async function loadTextDataset(name: DatasetName, options: TextDataOptions = {}): Promise<TextSplits> {
  const dir = await resolveDataDir(resolveTextDataOptions(options).dataDir);
  return loadTextDatasetFrom(name, (file) => readBytes(join(dir, file)), options);
}

/**
 * Loads your own files (one example per line, label first): train/test files (and an optional dev file),
 * or a single file split by stratified 10-fold cross-validation (`fold`). A dev split of `devFraction` of
 * train is taken when there is no dev file. Files are strict UTF-8 unless `encoding` says otherwise.
 */
export async function loadTextFiles(files: TextFiles, options: TextDataOptions = {}): Promise<TextSplits> {
  if (files === null || typeof files !== 'object') throw new OptionError('files', files, '{ train, test?, dev? } paths');
  for (const k of ['train', 'test', 'dev'] as const) {
    const f = files[k];
    if ((k === 'train' || f !== undefined) && (typeof f !== 'string' || f.length === 0)) throw new OptionError(`files.${k}`, f, 'a file path');
  }
  const o = resolveTextDataOptions(options);
  const sources: TextSources = { train: { name: files.train, data: await readBytes(files.train) } };
  if (files.dev) sources.dev = { name: files.dev, data: await readBytes(files.dev) };
  if (files.test) sources.test = { name: files.test, data: await readBytes(files.test) };
  return buildTextSplits(basename(files.train), sources, o, userReadSettings(o));
}
