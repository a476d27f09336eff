import * as tf from '@tensorflow/tfjs';
import { OptionError, ShapeError } from './errors.js';

/** How far a soft-target row's sum may be from 1. */
export const SOFT_TARGET_TOLERANCE = 1e-4;

const short = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

/** Throws unless every value is an integer class index in [0, numClasses); names `option[i]`. */
export function checkClassIndices(option: string, values: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      throw new OptionError(`${option}[${i}]`, v, `an integer class index in [0, ${numClasses - 1}] (the model has ${numClasses} classes)`);
    }
  }
}

/** Throws unless every row of the row-major [rows, numClasses] `values` is ≥ 0 and sums to 1 (± tolerance). */
export function checkSoftTargets(option: string, values: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i * numClasses < values.length; i++) {
    const row = Array.from({ length: numClasses }, (_, c) => values[i * numClasses + c]);
    const sum = row.reduce((s, v) => s + v, 0);
    if (!row.every((v) => v >= 0) || !(Math.abs(sum - 1) <= SOFT_TARGET_TOLERANCE)) {
      throw new OptionError(
        `${option}[${i}]`,
        row.map(short),
        `values ≥ 0 summing to 1 ± ${SOFT_TARGET_TOLERANCE} (a soft-target row; this one sums to ${short(sum)})`,
      );
    }
  }
}

/**
 * Checks a step's labels: a tensor of `batch` class indices (int32 or float32 integers in [0, numClasses)) or
 * [batch, numClasses] soft targets (rows ≥ 0 summing to 1). Reads the values back (one small read).
 */
export async function checkLabels(labels: unknown, batch: number, numClasses: number, option = 'labels'): Promise<void> {
  if (!(labels instanceof tf.Tensor)) {
    throw new OptionError(option, labels, 'a tf.Tensor of [batch] class indices or [batch, numClasses] soft targets');
  }
  if (labels.dtype !== 'int32' && labels.dtype !== 'float32') throw new OptionError(`${option}.dtype`, labels.dtype, '"int32" or "float32"');
  const rank1 = labels.rank === 1;
  if (!rank1 && !(labels.rank === 2 && labels.shape[1] === numClasses)) {
    throw new ShapeError(`${option} must be [batch] class indices or [batch, ${numClasses}] targets; got shape [${labels.shape.join(', ')}]`);
  }
  if (labels.shape[0] !== batch) throw new ShapeError(`${option} hold ${labels.shape[0]} examples but the inputs hold ${batch}`);
  const values = (await labels.data()) as Float32Array | Int32Array;
  if (rank1) checkClassIndices(option, values, numClasses);
  else checkSoftTargets(option, values, numClasses);
}
