import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data.js';
import { Rng } from '../rng.js';

/** A `Dataset` over plain feature rows (for tests and examples). */
export function arrayDataset(rows: number[][], labels: number[], numClasses: number): Dataset<tf.Tensor> {
  const width = rows[0].length;
  const lab = Int32Array.from(labels);
  return {
    size: rows.length,
    numClasses,
    labels: lab,
    batch(indices) {
      const idx = Array.from(indices);
      const flat = new Float32Array(idx.length * width);
      idx.forEach((r, k) => flat.set(rows[r], k * width));
      return { inputs: tf.tensor2d(flat, [idx.length, width]), labels: tf.tensor1d(idx.map((i) => lab[i]), 'int32') };
    },
  };
}

/**
 * `n` seeded points of `classes` Gaussian blobs in `features` dimensions: class c is centred at 2·e_c, with
 * noise of standard deviation `spread`; classes alternate (example i is of class i mod classes).
 */
export function gaussianBlobs(n: number, seed: number, options: { spread?: number; features?: number; classes?: number } = {}): Dataset<tf.Tensor> {
  const { spread = 1, features = 4, classes = 3 } = options;
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    rows.push(Array.from({ length: features }, (_, d) => (d === c ? 2 : 0) + spread * rng.normal()));
    labels.push(c);
  }
  return arrayDataset(rows, labels, classes);
}
