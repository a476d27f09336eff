// The prototypes must be drop-ins: same values and gradients as the code they would replace.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { unfoldConv1d } from '@ampmix/sentence-mixup';
import { installFastMatMulGrad } from '../prototypes/fast-matmul-grad.mjs';
import { gatherRowsNd, installGatherNdKernel } from '../prototypes/gather-nd.mjs';
import { installWasmSliceFix } from '../prototypes/wasm-slice.mjs';
import { gatherUnfoldConv1d, maxOverTime, shiftConv1dAll, tapConv1d } from '../prototypes/conv.mjs';
import { fastKimCnn } from '../prototypes/fast-kim-cnn.mjs';
import { LazyAdam } from '../prototypes/lazy-adam.mjs';
import { buildCase } from '../src/cases.mjs';
import { QUICK_SHAPES } from '../src/config.mjs';

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

let before: number;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  before = tf.memory().numTensors;
});
afterAll(async () => {
  expect(tf.memory().numTensors).toBe(before);
  await tf.setBackend('cpu');
});

describe('fast matMul gradient (no transposed operand)', () => {
  it('equals tfjs’s gradient for every transpose combination and for a batched matMul', () => {
    const a = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
    const b = tf.randomNormal([5, 3], 0, 1, 'float32', 2);
    const cases: [tf.Tensor, tf.Tensor, boolean, boolean][] = [
      [a, b, false, false],
      [a, tf.transpose(b), false, true],
      [tf.transpose(a), b, true, false],
      [tf.transpose(a), tf.transpose(b), true, true],
      [tf.randomNormal([4, 7, 5], 0, 1, 'float32', 3), tf.randomNormal([4, 5, 3], 0, 1, 'float32', 4), false, false],
    ];
    const g = () => cases.map(([x, y, ta, tb]) => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.sin(tf.matMul(p, q, ta, tb))))([x, y]));
    const ref = g();
    const undo = installFastMatMulGrad();
    let got: tf.Tensor[][];
    try {
      got = g();
    } finally {
      undo();
    }
    ref.forEach((r, i) => r.forEach((t, k) => expect(maxAbs(t, got[i][k])).toBeLessThan(1e-5)));
    tf.dispose([a, b, ...cases.flat().filter((x): x is tf.Tensor => x instanceof tf.Tensor), ...ref.flat(), ...got!.flat()]);
  });
});

describe('GatherNd row gathers', () => {
  it('gatherRowsNd has gatherRows’s values and gradient (duplicates summed)', () => {
    const t = tf.randomNormal([50, 6], 0, 1, 'float32', 5);
    const ids = tf.tensor1d([3, 5, 49, 3, 0], 'int32');
    const w = tf.randomNormal([5, 6], 0, 1, 'float32', 6);
    const f = (g: typeof gatherRows) => (x: tf.Tensor) => tf.sum(tf.mul(g(x, ids), w));
    expect(tf.tidy(() => maxAbs(gatherRows(t, ids), gatherRowsNd(t, ids)))).toBe(0);
    const [g1, g2] = [tf.grad(f(gatherRows))(t), tf.grad(f(gatherRowsNd))(t)];
    expect(maxAbs(g1, g2)).toBeLessThan(1e-6);
    tf.dispose([t, ids, w, g1, g2]);
  });
  it('the re-registered wasm GatherV2 kernel gives tf.gather’s values (1-D and 2-D indices) and can be removed', () => {
    const t = tf.randomNormal([20, 3, 4], 0, 1, 'float32', 7);
    const i1 = tf.tensor1d([19, 0, 4], 'int32');
    const i2 = tf.tensor2d([[1, 2], [3, 1]], undefined, 'int32');
    const i3 = tf.tensor1d([2, 0], 'int32');
    const ref = [tf.gather(t, i1), tf.gather(t, i2), tf.gather(t, i3, 1)];
    const undo = installGatherNdKernel('wasm');
    const got = [tf.gather(t, i1), tf.gather(t, i2), tf.gather(t, i3, 1)];
    undo();
    got.forEach((g, k) => {
      expect(g.shape).toEqual(ref[k].shape);
      expect(maxAbs(g, ref[k])).toBe(0);
    });
    tf.dispose([t, i1, i2, i3, ...ref, ...got]);
  });
});

describe('wasm Slice / SplitV / Unpack without the input copy', () => {
  it('give the original kernels’ values (continuous, strided, rank 2–5, split, unstack) and gradients', () => {
    const x = tf.randomNormal([3, 5, 4, 2, 3], 0, 1, 'float32', 14);
    const y = tf.randomNormal([6, 7, 5], 0, 1, 'float32', 15);
    const ops = () => [
      tf.slice(y, [2, 0, 0], [3, 7, 5]),
      tf.slice(y, [1, 2, 1], [4, 3, 2]),
      tf.tidy(() => tf.slice(tf.reshape(y, [42, 5]), [3, 1], [10, 3])),
      tf.slice(x, [1, 1, 0, 1, 0], [2, 3, 4, 1, 2]),
      ...tf.split(y, [2, 3], 2),
      ...tf.unstack(y, 1),
      tf.grad((t: tf.Tensor) => tf.sum(tf.sin(tf.slice(t, [1, 2, 1], [4, 3, 2]))))(y),
    ];
    const ref = ops();
    const undo = installWasmSliceFix('wasm');
    let got: tf.Tensor[];
    try {
      got = ops();
    } finally {
      undo();
    }
    ref.forEach((r, i) => {
      expect(got[i].shape).toEqual(r.shape);
      expect(maxAbs(r, got[i])).toBe(0);
    });
    tf.dispose([x, y, ...ref, ...got!]);
  });
});

describe('convolution block pieces', () => {
  it('gather-unfold, per-tap and shifted convolutions equal unfoldConv1d (values and gradients)', () => {
    const x = tf.randomNormal([3, 9, 4], 0, 1, 'float32', 8);
    const filters = [2, 3].map((h, i) => tf.randomNormal([h, 4, 5], 0, 1, 'float32', 9 + i));
    const dy = filters.map((f, i) => tf.randomNormal([3, 9 - f.shape[0] + 1, 5], 0, 1, 'float32', 20 + i));
    const loss = (conv: (x: tf.Tensor3D, f: tf.Tensor3D) => tf.Tensor) => (xi: tf.Tensor, ...fs: tf.Tensor[]) =>
      tf.addN(fs.map((f, i) => tf.sum(tf.mul(conv(xi as tf.Tensor3D, f as tf.Tensor3D), dy[i]))));
    const ref = tf.grads(loss(unfoldConv1d))([x, ...filters]);
    const shiftAll = (xi: tf.Tensor3D, f: tf.Tensor3D) => shiftConv1dAll(xi, [f])[0];
    for (const conv of [gatherUnfoldConv1d, tapConv1d, shiftAll]) {
      filters.forEach((f) => expect(tf.tidy(() => maxAbs(conv(x, f as tf.Tensor3D), unfoldConv1d(x, f as tf.Tensor3D)))).toBeLessThan(1e-5));
      const got = tf.grads(loss(conv))([x, ...filters]);
      got.forEach((g, k) => expect(maxAbs(g, ref[k])).toBeLessThan(1e-4));
      tf.dispose(got);
    }
    tf.dispose([x, ...filters, ...dy, ...ref]);
  });
  it('maxOverTime has tf.max’s value and gradient (distinct values)', () => {
    const x = tf.randomNormal([4, 7, 3], 0, 1, 'float32', 11);
    const w = tf.randomNormal([4, 3], 0, 1, 'float32', 12);
    expect(tf.tidy(() => maxAbs(maxOverTime(x), tf.max(x, 1)))).toBe(0);
    const [g1, g2] = [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.max(t, 1), w)))(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxOverTime(t), w)))(x)];
    expect(maxAbs(g1, g2)).toBe(0);
    tf.dispose([x, w, g1, g2]);
  });
});

describe('prototype Kim CNN through mixStep (AMP, WordMixup)', () => {
  it.each([
    ['gather-unfold', {}],
    ['per-tap conv', { conv: 'tap' }],
    ['mix after the conv', { mixAfterConv: true }],
    ['mix after the conv, prefix reused', { mixAfterConv: true, reusePrefix: true }],
  ])('%s: the library model’s λ-gradient, mask, loss and weight gradients', async (_, opts) => {
    const s = QUICK_SHAPES;
    const built = await buildCase('cnn', s);
    const b = built.batches[0];
    const plan = built.method.policy.plan({ batchSize: s.batch, rng: new Rng(3), sites: built.model.sites });
    const amp = resolveAmpOptions({ epsilon: 0.5 });
    const step = async (model: typeof built.model) => {
      const r = await mixStep({ model, inputs: b.inputs, labels: b.labels, plan, mixer: built.method.mixer, amp, seed: 9, details: true });
      const g = Object.fromEntries(Object.entries(r.grads!).map(([k, t]) => [k, t.dataSync().slice()]));
      tf.dispose(Object.values(r.grads!));
      return { ...r, g };
    };
    const ref = await step(built.model);
    const undo = installFastMatMulGrad();
    const fast = fastKimCnn(built.model, { widths: [...s.filterSizes], dropout: s.dropout, ...opts });
    let got: Awaited<ReturnType<typeof step>>;
    try {
      got = await step(fast);
    } finally {
      undo();
    }
    const rel = (a: Float32Array, c: Float32Array) => {
      let e = 0;
      let n = 0;
      for (let i = 0; i < a.length; i++) [e, n] = [Math.max(e, Math.abs(a[i] - c[i])), Math.max(n, Math.abs(a[i]))];
      return e / (n || 1);
    };
    expect(got.stats.loss).toBeCloseTo(ref.stats.loss, 5);
    expect(rel(ref.details!.lambdaGrad, got.details!.lambdaGrad)).toBeLessThan(1e-4);
    expect(Array.from(got.details!.mask)).toEqual(Array.from(ref.details!.mask));
    for (const k of Object.keys(ref.g)) expect(rel(ref.g[k], got.g[k])).toBeLessThan(1e-4);
    fast.dispose(); // disposes the wrapped model too
    built.model = fast;
    for (const x of built.batches) tf.dispose([x.inputs, x.labels]);
  });
});

describe('LazyAdam', () => {
  it('updates the rows seen exactly as dense Adam does and leaves the other rows alone', () => {
    const init = tf.randomNormal([6, 3], 0, 1, 'float32', 13);
    const [dense, lazy] = tf.tidy(() => [tf.variable(init.clone()), tf.variable(init.clone())]);
    const ids = Int32Array.from([1, 4, 1]);
    const optD = new LazyAdam({ e: dense }, { learningRate: 0.1 });
    const optL = new LazyAdam({ e: lazy }, { learningRate: 0.1, sparse: ['e'] });
    for (let s = 0; s < 3; s++) {
      // a gradient that is non-zero only on the rows of `ids` (as an embedding lookup's)
      const g = tf.tidy(() => tf.scatterND(tf.tensor2d([[1], [4], [1]], undefined, 'int32'), tf.randomNormal([3, 3], 0, 1, 'float32', 30 + s), [6, 3]));
      optD.apply({ e: g });
      optL.apply({ e: g }, { e: ids });
      g.dispose();
    }
    const [d, l, i0] = [dense.arraySync() as number[][], lazy.arraySync() as number[][], init.arraySync() as number[][]];
    for (const r of [1, 4]) l[r].forEach((v, c) => expect(v).toBeCloseTo(d[r][c], 6));
    for (const r of [0, 2, 3, 5]) expect(l[r]).toEqual(i0[r]);
    optD.dispose();
    optL.dispose();
    tf.dispose([init, dense, lazy]);
  });
});
