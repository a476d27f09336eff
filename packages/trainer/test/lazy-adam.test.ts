import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { OptionError } from '@ampmix/core';
import type { MixableModel, RowSparseGradient } from '@ampmix/core';
import { TextDataset, createKimCnn } from '@ampmix/text';
import { wordMixup } from '@ampmix/sentence-mixup';
import { afterAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/adam.js';
import { train } from '../src/index.js';

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

/** GRADS[k] row-sparse: the touched rows plus one listed row whose gradient is zero (a looked-up PAD row). */
function rowSparse(g: number[][]): RowSparseGradient {
  const rows = g.map((row, r) => (row.some((x) => x !== 0) || r === 1 ? r : -1)).filter((r) => r >= 0);
  return { indices: tf.tensor1d(rows, 'int32'), values: tf.tensor2d(rows.map((r) => g[r]), [rows.length, 2]), shape: [g.length, 2] };
}

describe.each(['cpu', 'wasm'])('Adam.apply with row-sparse gradients on %s', (backend) => {
  it('a lazy weight: the closed form, bitwise the update from the dense gradient (listed zero rows stay put)', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const before = tf.memory().numTensors;
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    const fromSparse = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const fromDense = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const opts = { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps };
    const a = new Adam({ table: fromSparse }, { ...opts, lazy: ['table'] });
    const b = new Adam({ table: fromDense }, { ...opts, lazy: ['table'] });
    for (const g of GRADS) {
      const sparse = rowSparse(g);
      const dense = tf.tensor2d(g);
      a.apply({}, 0.5, { table: sparse });
      b.apply({ table: dense }, 0.5);
      tf.dispose([sparse.indices, sparse.values, dense]);
    }
    const ref = lazyReference(W0, GRADS.map((g) => g.map((r) => r.map((x) => x * 0.5))), lr, b1, b2, eps);
    (fromSparse.arraySync() as number[][]).forEach((r, i) => r.forEach((x, d) => expect(Math.abs(x - ref.w[i][d]), `[${i}, ${d}]`).toBeLessThan(1e-6)));
    expect(fromSparse.dataSync()).toEqual(fromDense.dataSync());
    expect(a.getState().m.table.dataSync()).toEqual(b.getState().m.table.dataSync());
    expect(a.getState().v.table.dataSync()).toEqual(b.getState().v.table.dataSync());
    expect((fromSparse.arraySync() as number[][])[1]).not.toEqual(W0[1]); // row 1: touched in step 3
    a.dispose();
    b.dispose();
    tf.dispose([fromSparse, fromDense]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a dense weight: densified, bitwise dense Adam on the dense gradient', async () => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const b = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const sparseAdam = new Adam({ a }, { learningRate: 0.01 });
    const denseAdam = new Adam({ b }, { learningRate: 0.01 });
    for (const g of GRADS) {
      const sparse = rowSparse(g);
      const dense = tf.tensor2d(g);
      sparseAdam.apply({}, 1, { a: sparse });
      denseAdam.apply({ b: dense });
      tf.dispose([sparse.indices, sparse.values, dense]);
    }
    expect(a.dataSync()).toEqual(b.dataSync());
    expect(a.dataSync()).not.toEqual(Float32Array.from(W0.flat()));
    sparseAdam.dispose();
    denseAdam.dispose();
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Adam.apply sparse argument', () => {
  it('rejects a weight given twice or unknown, before any update, leaving no tensor', () => {
    const table = tf.tidy(() => tf.variable(tf.tensor2d(W0)));
    const adam = new Adam({ table }, { lazy: ['table'] });
    const before = tf.memory().numTensors;
    const sparse = rowSparse(GRADS[0]);
    const dense = tf.tensor2d(GRADS[0]);
    expect(() => adam.apply({ table: dense }, 1, { table: sparse })).toThrow(/Invalid sparse: got "table"; expected weights whose gradient is not also in grads/);
    expect(() => adam.apply({}, 1, { nope: sparse })).toThrow(/Invalid sparse: got "nope"; expected names of the optimizer's weights \(table\)/);
    expect(adam.step).toBe(0);
    expect(table.arraySync()).toEqual(W0);
    tf.dispose([sparse.indices, sparse.values, dense]);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    table.dispose();
  });
});

describe('train() on a text model: the embedding gradient row-sparse', () => {
  it.each([['dense Adam', []], ['lazyAdam: ["embedding"]', ['embedding']]])('%s: the same weights as with the dense gradient, bitwise', async (_, lazyAdam) => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const L = 8;
    const n = 30;
    const lengths = Int32Array.from({ length: n }, (_, i) => 3 + (i % 5)); // padded rows: PAD (id 0) is looked up too
    const ids = Int32Array.from({ length: n * L }, (_, k) => (k % L < lengths[Math.floor(k / L)] ? 1 + ((k * 7) % 40) : 0));
    const data = new TextDataset(ids, Int32Array.from({ length: n }, (_, i) => i % 3), lengths, L, 3);
    let lookups = 0;
    const run = async (hideLookups: boolean) => {
      const model = createKimCnn({ vocabSize: 42, numClasses: 3, maxLength: L, embeddingDim: 8, numFilters: 4, seed: 2, dropout: 0.5 });
      const counted = { embedding: (x: tf.Tensor2D) => (lookups++, model.rowLookups!.embedding(x)) };
      // the same model without rowLookups: the trainer falls back to the dense gradient (lazy Adam all the same)
      const used: MixableModel<tf.Tensor2D> = { ...model, rowLookups: hideLookups ? undefined : counted };
      await train({ model: used, train: data, method: wordMixup({}), amp: { epsilon: 0.5 }, batchSize: 10, steps: 6, learningRate: 0.01, lazyAdam, progress: 'none' });
      const out = Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, w.dataSync().slice()]));
      model.dispose();
      return out;
    };
    const sparse = await run(false);
    expect(lookups).toBe(6); // one per step: the sparse path ran
    const dense = await run(true);
    expect(lookups).toBe(6);
    for (const k of Object.keys(dense)) expect(sparse[k], k).toEqual(dense[k]);
    expect(tf.memory().numTensors).toBe(before);
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
