import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '@ampmix/core';
import { loadTextDataset, loadTextFiles } from '@ampmix/text/node';
import type { DatasetName, TextDataOptions, TextSplits } from '@ampmix/text';
import { datasetNamed } from '../catalog.js';
import { skippedNote } from './data-checks.js';
import { holdOut } from '@ampmix/vision';
import { loadMnist } from '@ampmix/vision/mnist';
import type { DataConfig } from '../config.js';
import { dataFingerprint } from './fingerprint.js';
import type { DataFingerprint } from './fingerprint.js';

/** The splits a run trains and evaluates on. */
export interface LoadedData {
  kind: 'text' | 'image';
  train: Dataset<tf.Tensor>;
  dev: Dataset<tf.Tensor> | null;
  test: Dataset<tf.Tensor> | null;
  numClasses: number;
  /** Text only: the vocabulary (words in id order) and the padded length. */
  text: { splits: TextSplits; fingerprint: string; hashes: DataFingerprint } | null;
  /** One line for the console: sizes of the splits (and vocabulary). */
  summary: string;
}

/** MNIST examples the `mnist` package ships, split 8000 train / 2000 test by `@ampmix/vision`. */
const MNIST_TRAIN = 8000;

function textOptions(data: DataConfig, seed: number): TextDataOptions {
  const o: TextDataOptions = { seed };
  if (data.dataDir !== undefined) o.dataDir = data.dataDir;
  if (data.fold !== undefined) o.fold = data.fold;
  if (data.fraction !== undefined) o.fraction = data.fraction;
  if (data.devFraction !== undefined) o.devFraction = data.devFraction;
  if (data.maxLength !== undefined) o.maxLength = data.maxLength;
  if (data.minFreq !== undefined) o.minFreq = data.minFreq;
  if (data.lenient !== undefined) o.lenient = data.lenient;
  if (data.encoding !== undefined) o.encoding = data.encoding;
  return o;
}

/** The loader of each dataset source (a descriptor's `source`): one line per package that ships data. */
const LOADERS: Readonly<Record<string, (data: DataConfig, seed: number) => Promise<LoadedData>>> = {
  '@ampmix/datasets': loadTextData,
  mnist: loadMnistData,
};

const withHashes = (hashes: DataFingerprint) => ({ fingerprint: hashes.vocabulary, hashes });

/** MNIST, with a stratified dev split of `devFraction` of the training digits (default 0.1). */
async function loadMnistData(data: DataConfig, seed: number): Promise<LoadedData> {
  const trainSize = Math.max(2, Math.round(MNIST_TRAIN * (data.fraction ?? 1)));
  const mnist = loadMnist({ seed, trainSize });
  const devSize = Math.max(1, Math.round(trainSize * (data.devFraction ?? 0.1)));
  const { rest, heldOut } = holdOut(mnist.train, { size: devSize, seed });
  return {
    kind: 'image',
    train: rest as unknown as Dataset<tf.Tensor>,
    dev: heldOut as unknown as Dataset<tf.Tensor>,
    test: mnist.test as unknown as Dataset<tf.Tensor>,
    numClasses: 10,
    text: null,
    summary: `mnist: ${rest.size} train, ${heldOut.size} dev, ${mnist.test.size} test digits`,
  };
}

async function loadTextData(data: DataConfig, seed: number): Promise<LoadedData> {
  const options = textOptions(data, seed);
  const splits = data.dataset ? await loadTextDataset(data.dataset as DatasetName, options) : await loadTextFiles(data.files!, options);
  const s = splits.summary;
  return {
    kind: 'text',
    train: splits.train as unknown as Dataset<tf.Tensor>,
    dev: splits.dev as unknown as Dataset<tf.Tensor>,
    test: splits.test as unknown as Dataset<tf.Tensor>,
    numClasses: splits.numClasses,
    text: { splits, ...withHashes(dataFingerprint(splits)) },
    summary:
      `${splits.name}: ${s.train} train, ${s.dev} dev, ${s.test} test sentences, ${splits.numClasses} classes, ` +
      `vocabulary ${s.vocabulary}, length ${s.maxLength}${skippedNote(splits.skippedLines)}`,
  };
}

/**
 * Loads the data of a run: a shipped dataset through the loader of its source, or text files (with a
 * stratified dev split of `devFraction` of the training examples, default 0.1). `seed` fixes splits and subsampling.
 */
export async function loadData(data: DataConfig, seed: number): Promise<LoadedData> {
  if (!data.dataset) return loadTextData(data, seed);
  const source = datasetNamed(data.dataset).source;
  const load = LOADERS[source];
  if (!load) throw new Error(`no loader for datasets from ${source}`);
  return load(data, seed);
}
