/**
 * @ampmix/vision — image models that implement `MixableModel` (an MLP and a small CNN whose convolutions
 * train on the wasm backend), for Input Mixup, Manifold Mixup, CutMix and AMP; MNIST loads from the `@ampmix/vision/mnist` subpath (Node); `splitDigits` splits digits a page fetched.
 */
export { createImageMlp } from './image-mlp.js';
export type { ImageMlpOptions } from './image-mlp.js';
export { createSmallCnn } from './small-cnn.js';
export type { SmallCnnOptions } from './small-cnn.js';
export { conv2dSame, conv2dFilterGrad, conv2dInputGrad } from './conv.js';
export type { Conv2dSameOptions } from './conv.js';
export { assertImageBatch, resolveImageShape } from './image-shape.js';
export type { ImageShape } from './image-shape.js';
export { createImageDataset } from './image-dataset.js';
export type { ImageDataset, ImageDatasetInit } from './image-dataset.js';
export { holdOut } from './holdout.js';
export { imageMlpDescriptor, smallCnnDescriptor, mnistDescriptor } from './descriptors.js';
export type { ImageModelContext } from './descriptors.js';
export { splitDigits } from './mnist/split.js';
export type { Digits, Mnist, MnistOptions } from './mnist/split.js';
