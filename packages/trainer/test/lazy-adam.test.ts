import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { OptionError } from '@ampmix/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/adam.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

// Closed-form lazy Adam over a [R, D] table in float64: a row with a non-zero gradient row gets Adam's update
// (global step t in the bias corrections); every other row keeps its moments and value.
function lazyReference(w0: number[][], grads: number[][][], lr: number, b1: number, b2: number, eps: number) {
  const w = w0.map((r) => [...r]);
  const m = w0.map((r) => r.map(() => 0));
  const v = w0.map((r) => r.map(() => 0));
  grads.forEach((g, k) => {
    const t = k + 1;
    g.forEach((row, r) => {
      if (row.every((x) => x === 0)) return;
      row.forEach((x, d) => {
        m[r][d] = b1 * m[r][d] + (1 - b1) * x;
        v[r][d] = b2 * v[r][d] + (1 - b2) * x * x;
        w[r][d] -= (lr * (m[r][d] / (1 - b1 ** t))) / (Math.sqrt(v[r][d] / (1 - b2 ** t)) + eps);
      });
    });
  });
  return { w, m, v };
}

const W0 = [[0.5, -1], [2, 0.25], [-0.75, 1.5], [1, 1], [0, -0.5]];
// step 1 touches rows 0 and 2, step 2 rows 2 and 4, step 3 rows 0, 1 and 2 (row 3 never)
const GRADS = [
  [[0.1, -0.2], [0, 0], [0.3, 0.05], [0, 0], [0, 0]],
  [[0, 0], [0, 0], [-0.4, 0.2], [0, 0], [0.02, -0.6]],
  [[0.25, 0.1], [-0.1, 0.3], [0.05, -0.05], [0, 0], [0, 0]],
];

describe.each(['cpu', 'wasm'])('Adam({ lazy }) on %s', (backend) => {
  it('matches the closed-form row-sparse update over three steps; the dense weights are updated as without it', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const before = tf.memory().numTensors;
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    const table = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const bias = tf.tidy(() => tf.variable(tf.tensor1d([1, -1])));
    const biasRef = tf.tidy(() => tf.variable(tf.tensor1d([1, -1])));
    const lazy = new Adam({ table, bias }, { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, lazy: ['table'] });
    const dense = new Adam({ bias: biasRef }, { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps });
    for (const [k, g] of GRADS.entries()) {
      const gt = tf.tensor2d(g);
      const gb = tf.tensor1d([0.1 * (k + 1), -0.2]);
      lazy.apply({ table: gt, bias: gb });
      dense.apply({ bias: gb });
      tf.dispose([gt, gb]);
    }
    const ref = lazyReference(W0, GRADS, lr, b1, b2, eps);
    const rows = (t: tf.Tensor) => t.arraySync() as number[][];
    const close = (a: number[][], b: number[][], tol: number) => a.forEach((r, i) => r.forEach((x, d) => expect(Math.abs(x - b[i][d]), `[${i}, ${d}]`).toBeLessThan(tol)));
    close(rows(table), ref.w, 1e-6);
    close(rows(lazy.getState().m.table), ref.m, 1e-7);
    close(rows(lazy.getState().v.table), ref.v, 1e-8);
    expect(rows(table)[3]).toEqual(W0[3]); // never touched: unchanged (dense Adam would not move it either: m = 0)
    // row 0 had no gradient in step 2: dense Adam would have moved it by its momentum, lazy Adam did not
    expect(Array.from(bias.dataSync())).toEqual(Array.from(biasRef.dataSync()));
    lazy.dispose();
    dense.dispose();
    tf.dispose([table, bias, biasRef]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differs from dense Adam only on the rows without a gradient', async () => {
    await tf.setBackend(backend);
    const a = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const b = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const lazy = new Adam({ a }, { learningRate: 0.01, lazy: ['a'] });
    const dense = new Adam({ b }, { learningRate: 0.01 });
    for (const g of GRADS.slice(0, 2)) {
      const gt = tf.tensor2d(g);
      lazy.apply({ a: gt });
      dense.apply({ b: gt });
      gt.dispose();
    }
    const [la, db] = [a.arraySync() as number[][], b.arraySync() as number[][]];
    // step 2 touched rows 2 and 4: they agree; row 0 (touched in step 1 only) moved again under dense Adam
    for (const r of [2, 3]) la[r].forEach((x, d) => expect(Math.abs(x - db[r][d])).toBeLessThan(1e-7));
    expect(Math.abs(la[0][0] - db[0][0])).toBeGreaterThan(1e-3);
    lazy.dispose();
    dense.dispose();
    tf.dispose([a, b]);
  });
});

describe('Adam({ lazy }) options', () => {
  it('names the option and the rank-2 weights when a name is wrong', () => {
    const table = tf.tidy(() => tf.variable(tf.zeros([3, 2])));
    const bias = tf.tidy(() => tf.variable(tf.zeros([2])));
    expect(() => new Adam({ table, bias }, { lazy: ['bias'] })).toThrow(OptionError);
    expect(() => new Adam({ table, bias }, { lazy: ['nope'] })).toThrow(/lazy.*table/);
    tf.dispose([table, bias]);
  });
});
