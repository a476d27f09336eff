import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from '../src/adam.js';

const variable = (v: tf.Tensor | number[]) => tf.tidy(() => tf.variable(Array.isArray(v) ? tf.tensor1d(v) : tf.clone(v)));

function closeTo(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tol);
}

describe('Adam', () => {
  it('matches the closed form over two steps (second step with a clipping scale)', () => {
    const before = tf.memory().numTensors;
    const w0 = [1, -2, 0.5];
    const g1 = [0.1, -0.3, 2];
    const g2 = [0.05, 0.2, -1];
    const [lr, b1, b2, eps, scale] = [0.01, 0.9, 0.999, 1e-8, 0.5];
    const w = variable(w0);
    const adam = new Adam({ w }, { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps });
    const grad1 = tf.tensor1d(g1);
    const grad2 = tf.tensor1d(g2);
    adam.apply({ w: grad1 });
    // step 1: m̂ = g, v̂ = g², so w1 = w0 − lr·g/(|g| + ε)
    const w1 = w0.map((x, i) => x - (lr * g1[i]) / (Math.abs(g1[i]) + eps));
    closeTo(w.dataSync(), w1, 1e-6);
    adam.apply({ w: grad2 }, scale);
    const w2 = w0.map((_, i) => {
      const gs = scale * g2[i];
      const m = b1 * (1 - b1) * g1[i] + (1 - b1) * gs;
      const v = b2 * (1 - b2) * g1[i] ** 2 + (1 - b2) * gs ** 2;
      const mHat = m / (1 - b1 ** 2);
      const vHat = v / (1 - b2 ** 2);
      return w1[i] - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
    closeTo(w.dataSync(), w2, 1e-6);
    const state = adam.getState();
    expect(state.step).toBe(2);
    closeTo(state.m.w.dataSync(), g1.map((g, i) => b1 * (1 - b1) * g + (1 - b1) * scale * g2[i]), 1e-7);
    closeTo(state.v.w.dataSync(), g1.map((g, i) => b2 * (1 - b2) * g * g + (1 - b2) * (scale * g2[i]) ** 2), 1e-9);
    adam.dispose();
    [w, grad1, grad2].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves weights without a gradient alone and continues exactly from a restored state', () => {
    const before = tf.memory().numTensors;
    const a = variable([1, 2]);
    const b = variable([3]);
    const adam = new Adam({ a, b }, { learningRate: 0.1 });
    const g = tf.tensor1d([0.5, -0.5]);
    adam.apply({ a: g });
    expect(Array.from(b.dataSync())).toEqual([3]);
    // a copy restored from the first optimizer's state makes the same next update
    const a2 = variable(a);
    const b2 = variable(b);
    const adam2 = new Adam({ a: a2, b: b2 }, { learningRate: 0.1 });
    adam2.setState(adam.getState());
    expect(adam2.step).toBe(1);
    adam.apply({ a: g });
    adam2.apply({ a: g });
    expect(Array.from(a2.dataSync())).toEqual(Array.from(a.dataSync()));
    adam.dispose();
    adam2.dispose();
    [a, b, a2, b2, g].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options and mis-shaped states with clear messages', () => {
    const before = tf.memory().numTensors;
    const w = variable([1, 2]);
    expect(() => new Adam({ w }, { learningRate: -1 })).toThrow(/learningRate: got -1; expected a finite number > 0/);
    expect(() => new Adam({ w }, { beta1: 1 })).toThrow(/beta1/);
    const adam = new Adam({ w });
    const bad = tf.zeros([3]);
    expect(() => adam.setState({ step: 1, m: { w: bad }, v: { w: bad } })).toThrow(/shape \[3\]; expected \[2\]/);
    adam.dispose();
    bad.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
