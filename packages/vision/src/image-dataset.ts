import * as tf from '@tensorflow/tfjs';
import { integerAtLeast, OptionError, ShapeError } from '@ampmix/core';
import type { Batch, Dataset } from '@ampmix/core';
import type { ImageShape } from './image-shape.js';

/** A labelled image dataset held in one Float32Array; tensors are made only for the batches asked for. */
export interface ImageDataset extends Dataset<tf.Tensor4D> {
  /** Shape of one image, [height, width, channels]. */
  readonly shape: ImageShape;
  /** Pixels of every example, example-major, [size · H · W · C]. Treat as read-only. */
  readonly pixels: Float32Array;
  /** Where each example came from (e.g. its index in the source collection), for provenance and tests. */
  readonly sourceIndices: Int32Array;
  /** A new dataset holding the examples at `indices` (copied, in that order). */
  subset(indices: ArrayLike<number>): ImageDataset;
}

/** Arguments of {@link createImageDataset}. */
export interface ImageDatasetInit {
  /** Pixels, example-major: `labels.length · H · W · C` values. */
  pixels: Float32Array;
  labels: Int32Array;
  shape: ImageShape;
  numClasses: number;
  /** Default 0, 1, 2, … */
  sourceIndices?: Int32Array;
}

/**
 * Wraps images in a {@link Dataset} of [B, H, W, C] float batches that materialises tensors on demand
 * from the Float32Array (labels as an int32 [B] tensor). Validates sizes, labels and batch indices.
 */
export function createImageDataset(init: ImageDatasetInit): ImageDataset {
  const { pixels, labels, shape } = init;
  const numClasses = integerAtLeast('numClasses', init.numClasses, 1);
  const per = shape[0] * shape[1] * shape[2];
  const size = labels.length;
  if (pixels.length !== size * per) {
    throw new ShapeError(`image dataset needs ${size} × [${shape.join(', ')}] = ${size * per} pixel values; got ${pixels.length}`);
  }
  labels.forEach((l, i) => {
    if (!(l >= 0 && l < numClasses)) throw new OptionError(`labels[${i}]`, l, `a class index in [0, ${numClasses - 1}]`);
  });
  const sourceIndices = init.sourceIndices ?? Int32Array.from({ length: size }, (_, i) => i);
  if (sourceIndices.length !== size) throw new ShapeError(`sourceIndices has ${sourceIndices.length} entries; expected ${size}`);
  const checkIndex = (i: number, k: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new OptionError(`indices[${k}]`, i, `an index in [0, ${size - 1}]`);
  };
  return {
    size,
    numClasses,
    labels,
    shape,
    pixels,
    sourceIndices,
    batch(indices: ArrayLike<number>): Batch<tf.Tensor4D> {
      const n = indices.length;
      if (n < 1) throw new OptionError('indices', [], 'at least one example index');
      const buf = new Float32Array(n * per);
      const lab = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const i = indices[k];
        checkIndex(i, k);
        buf.set(pixels.subarray(i * per, (i + 1) * per), k * per);
        lab[k] = labels[i];
      }
      return { inputs: tf.tensor4d(buf, [n, shape[0], shape[1], shape[2]]), labels: tf.tensor1d(lab, 'int32') };
    },
    subset(indices: ArrayLike<number>): ImageDataset {
      const n = indices.length;
      const px = new Float32Array(n * per);
      const lab = new Int32Array(n);
      const src = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const i = indices[k];
        checkIndex(i, k);
        px.set(pixels.subarray(i * per, (i + 1) * per), k * per);
        lab[k] = labels[i];
        src[k] = sourceIndices[i];
      }
      return createImageDataset({ pixels: px, labels: lab, shape, numClasses, sourceIndices: src });
    },
  };
}
