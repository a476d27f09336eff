import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { maxOverTime, unfoldConv1d } from '../src/index.js';
import { expectNoTensorLeaks, maxRelDiff } from './helpers.js';
import { fastPathBiLstm, fastPathModel, fastPathPlans, handPath, stepPath } from './fast-path-cases.js';

// The wasm backend has no conv1d gradients: the gather unfold is checked against the former slice/concat unfold.
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});
expectNoTensorLeaks();

/** The former unfoldConv1d: h shifted time slices concatenated along the channels, then one matMul. */
function sliceConcatConv1d(x: tf.Tensor3D, filter: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, l, d] = x.shape;
    const [h, , f] = filter.shape;
    const t = l - h + 1;
    const slices: tf.Tensor[] = [];
    for (let k = 0; k < h; k++) slices.push(tf.slice(x, [0, k, 0], [b, t, d]));
    const unfolded = h === 1 ? slices[0] : tf.concat(slices, 2);
    return tf.reshape(tf.matMul(tf.reshape(unfolded, [b * t, h * d]), tf.reshape(filter, [h * d, f])), [b, t, f]) as tf.Tensor3D;
  });
}

describe.each(['stock kernels', 'core\u2019s fast paths'])('on the wasm backend with %s', (kernels) => {
  beforeAll(() => {
    if (kernels === 'stock kernels') uninstallWasmFastPaths();
    else expect(installWasmFastPaths().installed).toBe(true);
  });
  afterAll(() => uninstallWasmFastPaths());

  it.each([
    [2, 7, 3, 1, 4],
    [2, 7, 3, 3, 4],
    [3, 5, 2, 5, 3],
    [4, 9, 5, 4, 2],
  ])('unfoldConv1d B=%i L=%i D=%i h=%i F=%i: the slice/concat unfold\u2019s values and gradients wrt x and the filter', (b, l, d, h, f) => {
    expect(tf.getBackend()).toBe('wasm');
    tf.tidy(() => {
      const x = tf.randomNormal([b, l, d], 0, 1, 'float32', 1) as tf.Tensor3D;
      const w = tf.randomNormal([h, d, f], 0, 1, 'float32', 2) as tf.Tensor3D;
      const dy = tf.randomNormal([b, l - h + 1, f], 0, 1, 'float32', 3);
      expect(maxAbsDiff(unfoldConv1d(x, w).dataSync(), sliceConcatConv1d(x, w).dataSync())).toBeLessThan(1e-5);
      const loss = (conv: (p: tf.Tensor3D, q: tf.Tensor3D) => tf.Tensor) => (p: tf.Tensor, q: tf.Tensor) =>
        tf.sum(tf.mul(conv(p as tf.Tensor3D, q as tf.Tensor3D), dy));
      const got = tf.grads(loss(unfoldConv1d))([x, w]);
      const ref = tf.grads(loss(sliceConcatConv1d))([x, w]);
      got.forEach((g, i) => expect(maxAbsDiff(g.dataSync(), ref[i].dataSync())).toBeLessThan(1e-5));
    });
  });

  it('maxOverTime: tf.max\u2019s value and gradient for distinct values; the first maximum takes dy on a tie', () => {
    tf.tidy(() => {
      const grad = (pool: (v: tf.Tensor3D) => tf.Tensor, x: tf.Tensor3D, w: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor3D), w)))(x);
      const x = tf.randomNormal([3, 6, 4], 0, 1, 'float32', 4) as tf.Tensor3D;
      const w = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
      expect(maxAbsDiff(maxOverTime(x).dataSync(), tf.max(x, 1).dataSync())).toBe(0);
      expect(maxAbsDiff(grad(maxOverTime, x, w).dataSync(), grad((v) => tf.max(v, 1), x, w).dataSync())).toBe(0);
      const tie = tf.tensor3d([[[1, 4], [5, 4], [2, 4], [5, 0]]]) as tf.Tensor3D;
      expect(grad(maxOverTime, tie, tf.tensor2d([[10, 20]])).arraySync()).toEqual([[[0, 20], [10, 0], [0, 0], [0, 0]]]);
    });
  });

  it('Kim CNN: a linear word mix after the convolution gives the same logits, λ-gradient and weight gradients', () => {
    const m = fastPathModel();
    const partners = [3, 1, 4, 0, 2, 5];
    const lambda = [0.3, 0.8, 0.55, 1, 0, 0.45];
    const fast = handPath(m, partners, lambda, true, true);
    const ref = handPath(m, partners, lambda, false, true);
    expect(fast.mixedShapes.length).toBe(3);
    expect(maxRelDiff(ref.logits, fast.logits)).toBeLessThan(1e-5);
    expect(maxRelDiff(ref.lambdaGrad, fast.lambdaGrad)).toBeLessThan(1e-5);
    for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
    m.dispose();
  });

  it.each([
    ['Kim CNN', fastPathModel],
    ['BiLSTM', fastPathBiLstm],
  ])('%s: mixStep with WordMixup + AMP: the same stats, λ-gradient, mask and gradients as a non-linear copy of its mixer', async (_, make) => {
    const m = make();
    for (const plan of fastPathPlans(m)) {
      const fast = await stepPath(m, plan, true);
      const ref = await stepPath(m, plan, false);
      expect(fast.stats.skipped).toBe(false);
      for (const k of ['loss', 'lossBefore', 'lossAfter', 'meanAbsDeltaLambda', 'gradNorm'] as const) {
        expect(maxRelDiff([ref.stats[k]], [fast.stats[k]]), k).toBeLessThan(1e-5);
      }
      expect(Array.from(fast.details.mask)).toEqual(Array.from(ref.details.mask));
      for (const k of ['lossBefore', 'lambdaGrad', 'lambdaPrime', 'lossAfter'] as const) {
        expect(maxRelDiff(ref.details[k], fast.details[k]), k).toBeLessThan(1e-5);
      }
      for (const k of Object.keys(ref.grads)) expect(maxRelDiff(ref.grads[k], fast.grads[k]), k).toBeLessThan(1e-5);
    }
    m.dispose();
  });
});
