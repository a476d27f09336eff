import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '@ampmix/core/testing';
import { maxOverTime } from '../src/index.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

/** ∂ Σ(w ⊙ pool(x)) / ∂x. */
const gradOf = (pool: (x: tf.Tensor3D) => tf.Tensor, x: tf.Tensor3D, w: tf.Tensor) =>
  tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor3D), w)))(x);

describe('maxOverTime', () => {
  it.each([
    [3, 7, 4],
    [2, 1, 3],
    [1, 5, 1],
  ])('[%i, %i, %i]: the value of tf.max(x, 1) and, for distinct values, its gradient', (b, t, f) => {
    tf.tidy(() => {
      const x = tf.randomNormal([b, t, f], 0, 1, 'float32', 7) as tf.Tensor3D;
      const w = tf.randomNormal([b, f], 0, 1, 'float32', 8);
      const y = maxOverTime(x);
      expect(y.shape).toEqual([b, f]);
      expect(maxAbsDiff(y.dataSync(), tf.max(x, 1).dataSync())).toBe(0);
      expect(maxAbsDiff(gradOf(maxOverTime, x, w).dataSync(), gradOf((v) => tf.max(v, 1), x, w).dataSync())).toBe(0);
    });
  });

  it('gives all of dy to the first maximum when values tie (hand-computed)', () => {
    tf.tidy(() => {
      // example 0: map 0 ties at t = 1, 3; map 1 ties at t = 0, 1, 2. Example 1: map 0 all equal; map 1 one max
      const x = tf.tensor3d([
        [[1, 4], [5, 4], [2, 4], [5, 0]],
        [[2, -1], [2, -3], [2, 7], [2, -1]],
      ]) as tf.Tensor3D;
      const w = tf.tensor2d([[10, 20], [30, 40]]);
      expect(Array.from(maxOverTime(x).dataSync())).toEqual([5, 4, 2, 7]);
      const expected = [
        [[0, 20], [10, 0], [0, 0], [0, 0]],
        [[30, 0], [0, 0], [0, 40], [0, 0]],
      ];
      expect(gradOf(maxOverTime, x, w).arraySync()).toEqual(expected);
    });
  });

  it('leaks nothing through a forward and a gradient call (numTensors unchanged)', () => {
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 9) as tf.Tensor3D;
    const w = tf.randomNormal([2, 3], 0, 1, 'float32', 10);
    const before = tf.memory().numTensors;
    const y = maxOverTime(x);
    const g = gradOf(maxOverTime, x, w);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([y, g]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});
