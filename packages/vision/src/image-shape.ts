import type * as tf from '@tensorflow/tfjs';
import { integerAtLeast, OptionError, ShapeError } from '@ampmix/core';

/** Shape of one image: [height, width, channels]. */
export type ImageShape = readonly [number, number, number];

/** Validates an `inputShape` option: three integers ≥ 1 ([height, width, channels]). */
export function resolveImageShape(option: string, value: unknown, min: readonly [number, number, number] = [1, 1, 1]): ImageShape {
  if (!Array.isArray(value) || value.length !== 3) throw new OptionError(option, value, '[height, width, channels], three integers ≥ 1');
  value.forEach((v, i) => integerAtLeast(`${option}[${i}]`, v, min[i]));
  return [value[0], value[1], value[2]] as const;
}

/**
 * Throws a {@link ShapeError} naming the expected shape unless `x` is a float batch
 * [batch, height, width, channels] of the given image shape.
 */
export function assertImageBatch(x: tf.Tensor, shape: ImageShape, model: string): asserts x is tf.Tensor4D {
  const ok = x.rank === 4 && x.shape[1] === shape[0] && x.shape[2] === shape[1] && x.shape[3] === shape[2];
  if (!ok) {
    throw new ShapeError(`${model} input must have shape [batch, ${shape.join(', ')}]; got [${x.shape.join(', ')}] (rank ${x.rank})`);
  }
  if (x.dtype !== 'float32') throw new ShapeError(`${model} input must be float32 pixels; got dtype ${x.dtype}`);
}
