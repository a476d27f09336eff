import * as tf from '@tensorflow/tfjs';
import type { Batch, Dataset } from '@ampmix/core';
import { integerAtLeast, noUnknownKeys, OptionError, ShapeError } from '@ampmix/core';

/** A {@link Dataset} held in plain arrays, with the per-example shape its batches have. */
export interface ArrayDataset extends Dataset<tf.Tensor> {
  /** Shape of one example, e.g. `[28, 28, 1]` (batches are `[B, ...shape]`). */
  readonly shape: readonly number[];
  /** Every example's values, example-major. Treat as read-only. */
  readonly values: Float32Array;
  /** A new dataset holding the examples at `indices` (copied, in that order). */
  subset(indices: ArrayLike<number>): ArrayDataset;
}

/** Arguments of {@link datasetFromArrays}. */
export interface ArraysInit {
  /** Example values, example-major (`labels.length × ∏shape` numbers), or one (nested) array per example. */
  xs: Float32Array | ArrayLike<number> | ArrayLike<number>[] | number[][][] | number[][][][];
  /** Integer class label of each example. */
  labels: ArrayLike<number>;
  /** Shape of one example, e.g. `[784]` or `[28, 28, 1]`. Default: inferred from nested `xs` (`[width]` for rows). */
  shape?: number[];
  /** Number of classes. Default: largest label + 1. */
  numClasses?: number;
}

/**
 * A core {@link Dataset} from plain arrays: values are copied into one Float32Array and tensors are made only
 * for the batches asked for (`[B, ...shape]` float32 inputs, int32 labels).
 *
 * @example
 * ```ts
 * const data = datasetFromArrays({ xs: [[0, 1], [1, 0], [1, 1]], labels: [0, 1, 1] });
 * const { inputs, labels } = data.batch([2, 0]); // [2, 2] and [2]
 * ```
 */
export function datasetFromArrays(init: ArraysInit): ArrayDataset {
  noUnknownKeys('datasetFromArrays', init, ['xs', 'labels', 'shape', 'numClasses']);
  const labels = Int32Array.from(init.labels as ArrayLike<number>);
  const n = labels.length;
  let values: Float32Array;
  let shape: number[];
  const xs = init.xs as unknown;
  if (xs instanceof Float32Array || (ArrayLike(xs) && typeof (xs as ArrayLike<unknown>)[0] === 'number')) {
    values = Float32Array.from(xs as ArrayLike<number>);
    shape = init.shape ?? [n > 0 ? values.length / n : 0];
  } else if (Array.isArray(xs)) {
    const flat = (xs as unknown[]).flat(Infinity) as number[];
    values = Float32Array.from(flat);
    shape = init.shape ?? nestedShape(xs[0]);
  } else {
    throw new OptionError('xs', typeof xs, 'a Float32Array, an array of numbers or one array per example');
  }
  return createArrayDataset(values, labels, shape, init.numClasses);
}

function ArrayLike(v: unknown): v is ArrayLike<unknown> {
  return v != null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number';
}

function nestedShape(v: unknown): number[] {
  const shape: number[] = [];
  let at = v;
  while (Array.isArray(at) || ArrayBuffer.isView(at)) {
    shape.push((at as ArrayLike<unknown>).length);
    at = (at as ArrayLike<unknown>)[0];
  }
  return shape;
}

/** Options of {@link datasetFromTensors} and {@link datasetFromTfData}. */
export interface TensorsDatasetOptions {
  /** Number of classes. Default: `y`'s width when it is one-hot, else the largest label + 1. */
  numClasses?: number;
}

/**
 * A core {@link Dataset} from `x` [N, ...] and `y`: integer labels [N] (or [N, 1], as for
 * `sparseCategoricalCrossentropy`) or one-hot rows [N, C] (as for `categoricalCrossentropy`). The values are
 * copied out (the caller keeps ownership of `x` and `y`); soft-target rows are refused with a `ShapeError`.
 */
export function datasetFromTensors(x: tf.Tensor, y: tf.Tensor, options: TensorsDatasetOptions = {}): ArrayDataset {
  noUnknownKeys('datasetFromTensors', options, ['numClasses']);
  if (!(x instanceof tf.Tensor) || x.rank < 2) throw new ShapeError(`x must be a tensor [examples, ...]; got ${x instanceof tf.Tensor ? `shape [${x.shape.join(', ')}]` : typeof x}`);
  if (!(y instanceof tf.Tensor)) throw new OptionError('y', typeof y, 'a tensor of labels [N] or one-hot rows [N, C]');
  if (y.shape[0] !== x.shape[0]) throw new ShapeError(`x holds ${x.shape[0]} examples but y holds ${y.shape[0]}`);
  const { labels, numClasses } = labelsOf(y, options.numClasses);
  return createArrayDataset(Float32Array.from(x.dataSync() as Float32Array), labels, x.shape.slice(1), numClasses);
}

/**
 * A core {@link Dataset} from a `tf.data.Dataset` of `{xs, ys}` batches (what `model.fitDataset` takes): reads the
 * whole dataset once into memory (use it for data that fits; `fitMixup` also takes the `tf.data.Dataset` itself
 * and streams it). `ys` as in {@link datasetFromTensors}.
 */
export async function datasetFromTfData(dataset: tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>, options: TensorsDatasetOptions = {}): Promise<ArrayDataset> {
  noUnknownKeys('datasetFromTfData', options, ['numClasses']);
  const chunks: Float32Array[] = [];
  const ys: tf.Tensor[] = [];
  let shape: number[] | null = null;
  const it = await dataset.iterator();
  try {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const { xs, ys: y } = readElement(r.value);
      if (shape && xs.shape.slice(1).join() !== shape.join()) throw new ShapeError(`tf.data batches have examples of shape [${shape.join(', ')}] and [${xs.shape.slice(1).join(', ')}]`);
      shape = xs.shape.slice(1);
      chunks.push(Float32Array.from(xs.dataSync() as Float32Array));
      ys.push(y);
      xs.dispose();
    }
    if (!shape) throw new ShapeError('the tf.data.Dataset is empty');
    const y = ys.length === 1 ? ys[0] : tf.concat(ys);
    try {
      const { labels, numClasses } = labelsOf(y, options.numClasses);
      const values = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        values.set(c, at);
        at += c.length;
      }
      return createArrayDataset(values, labels, shape, numClasses);
    } finally {
      if (ys.length > 1) y.dispose();
    }
  } finally {
    tf.dispose(ys);
  }
}

/** `{xs, ys}` of one tf.data element, or a `ShapeError` naming what it holds. */
export function readElement(value: unknown): { xs: tf.Tensor; ys: tf.Tensor } {
  const v = value as { xs?: unknown; ys?: unknown } | null;
  if (!v || !(v.xs instanceof tf.Tensor) || !(v.ys instanceof tf.Tensor)) {
    throw new ShapeError(`tf.data elements must be {xs, ys} tensors (as for model.fitDataset); got ${v && typeof v === 'object' ? `{${Object.keys(v).join(', ')}}` : typeof v}`);
  }
  return { xs: v.xs, ys: v.ys };
}

/** Integer labels of `y` ([N], [N, 1] or one-hot [N, C]) and the number of classes. */
export function labelsOf(y: tf.Tensor, numClasses?: number): { labels: Int32Array; numClasses: number } {
  const data = y.dataSync() as Float32Array | Int32Array;
  const n = y.shape[0];
  let labels: Int32Array;
  let classes: number;
  if (y.rank === 1 || (y.rank === 2 && y.shape[1] === 1)) {
    labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(data[i]) || data[i] < 0) throw new OptionError(`y[${i}]`, data[i], 'an integer class index ≥ 0');
      labels[i] = data[i];
    }
    classes = numClasses ?? labels.reduce((a, b) => Math.max(a, b + 1), 1);
  } else if (y.rank === 2) {
    classes = y.shape[1] as number;
    labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let hot = -1;
      for (let c = 0; c < classes; c++) {
        const v = data[i * classes + c];
        if (v === 1 && hot === -1) hot = c;
        else if (v !== 0) hot = -2;
      }
      if (hot < 0) throw new ShapeError(`y row ${i} is not one-hot; pass class indices or one-hot rows (soft targets: mix them in a tf.data pipeline with @ampmix/transforms)`);
      labels[i] = hot;
    }
    if (numClasses !== undefined && numClasses !== classes) throw new OptionError('numClasses', numClasses, `${classes} (the width of the one-hot y)`);
  } else {
    throw new ShapeError(`y must be labels [N], [N, 1] or one-hot rows [N, C]; got shape [${y.shape.join(', ')}]`);
  }
  return { labels, numClasses: integerAtLeast('numClasses', classes, 1) };
}

/** The {@link ArrayDataset} over `values` (example-major) and `labels`. Validates sizes, labels and indices. */
export function createArrayDataset(values: Float32Array, labels: Int32Array, shape: readonly number[], numClasses?: number): ArrayDataset {
  shape.forEach((d, i) => integerAtLeast(`shape[${i}]`, d, 1));
  const size = labels.length;
  const per = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size * per) throw new ShapeError(`${size} examples of shape [${shape.join(', ')}] need ${size * per} values; got ${values.length}`);
  const classes = integerAtLeast('numClasses', numClasses ?? labels.reduce((a, b) => Math.max(a, b + 1), 1), 1);
  labels.forEach((l, i) => {
    if (!(l >= 0 && l < classes)) throw new OptionError(`labels[${i}]`, l, `a class index in [0, ${classes - 1}]`);
  });
  const check = (i: number, k: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new OptionError(`indices[${k}]`, i, `an index in [0, ${size - 1}]`);
  };
  const gather = (indices: ArrayLike<number>) => {
    const buf = new Float32Array(indices.length * per);
    const lab = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      check(i, k);
      buf.set(values.subarray(i * per, (i + 1) * per), k * per);
      lab[k] = labels[i];
    }
    return { buf, lab };
  };
  return {
    size,
    numClasses: classes,
    labels,
    shape: [...shape],
    values,
    batch(indices: ArrayLike<number>): Batch<tf.Tensor> {
      if (indices.length < 1) throw new OptionError('indices', [], 'at least one example index');
      const { buf, lab } = gather(indices);
      return { inputs: tf.tensor(buf, [indices.length, ...shape]), labels: tf.tensor1d(lab, 'int32') };
    },
    subset(indices: ArrayLike<number>): ArrayDataset {
      const { buf, lab } = gather(indices);
      return createArrayDataset(buf, lab, shape, classes);
    },
  };
}
