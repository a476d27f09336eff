import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';

let instance = 0;

/** A prefix unique in this process: tfjs variable names are global, so each model instance gets its own. */
export function uniqueScope(kind: string): string {
  instance += 1;
  return `${kind}_${instance}`;
}

/** Glorot-uniform [fanIn, fanOut] matrix drawn from `rng`. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number, shape: number[] = [fanIn, fanOut]): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (2 * rng.next() - 1) * limit;
  return v;
}

/** Creates a trainable variable named `${scope}/${name}` from values. */
export function makeVariable(scope: string, name: string, values: Float32Array | number[] | number[][], shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values as Float32Array, shape, 'float32'), true, `${scope}/${name}`));
}

/** Applies inverted dropout when training with rate > 0 (mask drawn from `seed`). */
export function maybeDropout(x: tf.Tensor, rate: number, training: boolean | undefined, seed: number | undefined): tf.Tensor {
  return training && rate > 0 ? tf.dropout(x, rate, undefined, seed) : x;
}
