import { integerAtLeast, Rng, stratifiedSample } from '@ampmix/core';
import type { ImageDataset } from './image-dataset.js';

/**
 * Carves a stratified, seeded held-out set (e.g. a dev set for model selection) out of a dataset:
 * returns `heldOut` with `size` examples and `rest` with the others, disjoint.
 */
export function holdOut(data: ImageDataset, options: { size: number; seed?: number }): { rest: ImageDataset; heldOut: ImageDataset } {
  const size = integerAtLeast('size', options.size, 1, data.size - 1);
  const split = stratifiedSample(data.labels, data.numClasses, data.size - size, size, new Rng(options.seed ?? 0));
  return { rest: data.subset(split.train), heldOut: data.subset(split.test) };
}
