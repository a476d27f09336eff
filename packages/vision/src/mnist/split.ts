import { integerAtLeast, noUnknownKeys, OptionError, Rng, stratifiedSample } from '@ampmix/core';
import type { ImageDataset } from '../image-dataset.js';
import { createImageDataset } from '../image-dataset.js';

/** Options of {@link splitDigits} (and `loadMnist`). */
export interface MnistOptions {
  /** Seed of the split; the same seed gives the same split. Default 0. */
  seed?: number;
  /** Training examples. Default 8000 (`loadMnist`) or 80% of the digits (`splitDigits`). */
  trainSize?: number;
  /** Test examples. Default 2000 (`loadMnist`) or the rest. trainSize + testSize ≤ the number of digits. */
  testSize?: number;
}

/** What {@link splitDigits} and `loadMnist` return. */
export interface Mnist {
  train: ImageDataset;
  test: ImageDataset;
  numClasses: 10;
}

/** 28×28 grey digits, pixels in [0, 1], labels 0–9 (e.g. a slice of MNIST fetched by a page). */
export interface Digits {
  pixels: Float32Array;
  labels: Int32Array;
}

const SIDE = 28;

/**
 * A seeded, stratified, disjoint train/test split of 28×28 digits (MNIST, LeCun et al. 1998) as
 * [B, 28, 28, 1] datasets; browser-safe (the page's MNIST slice, or `mnistDigits()` in Node). Same seed, same split.
 */
export function splitDigits(digits: Digits, options: MnistOptions = {}, defaults: { trainSize?: number; testSize?: number } = {}): Mnist {
  noUnknownKeys('splitDigits', options, ['seed', 'trainSize', 'testSize']);
  const n = digits.labels.length;
  if (n < 2 || digits.pixels.length !== n * SIDE * SIDE) {
    throw new OptionError('digits', `${n} labels, ${digits.pixels.length} pixels`, `at least 2 digits of ${SIDE * SIDE} pixels each`);
  }
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const trainSize = integerAtLeast('trainSize', options.trainSize ?? defaults.trainSize ?? Math.floor(0.8 * n), 1, n - 1);
  const testSize = integerAtLeast('testSize', options.testSize ?? defaults.testSize ?? n - trainSize, 1, n - trainSize);
  const all = createImageDataset({ pixels: digits.pixels, labels: digits.labels, shape: [SIDE, SIDE, 1], numClasses: 10 });
  const split = stratifiedSample(all.labels, 10, trainSize, testSize, new Rng(seed));
  return { train: all.subset(split.train), test: all.subset(split.test), numClasses: 10 };
}
