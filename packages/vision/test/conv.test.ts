import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rng, ShapeError } from '@ampmix/core';
import { centralDifferences, maxAbsDiff } from '@ampmix/core/testing';
import { conv2dFilterGrad, conv2dInputGrad, conv2dSame } from '../src/index.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

/** Naive float64 'same' convolution, stride 1: x [B,H,W,C] flat, f [kh,kw,C,O] flat. */
function naiveConv(x: ArrayLike<number>, [B, H, W, C]: number[], f: ArrayLike<number>, [kh, kw, , O]: number[]): Float64Array {
  const out = new Float64Array(B * H * W * O);
  const [ph, pw] = [(kh - 1) / 2, (kw - 1) / 2];
  for (let b = 0; b < B; b++)
    for (let y = 0; y < H; y++)
      for (let xx = 0; xx < W; xx++)
        for (let o = 0; o < O; o++) {
          let s = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const [yy, xj] = [y + i - ph, xx + j - pw];
              if (yy < 0 || yy >= H || xj < 0 || xj >= W) continue;
              for (let c = 0; c < C; c++) s += x[((b * H + yy) * W + xj) * C + c] * f[((i * kw + j) * C + c) * O + o];
            }
          out[((b * H + y) * W + xx) * O + o] = s;
        }
  return out;
}

const rng = new Rng(5);
// values exactly representable in float32, so the float64 reference sees what the tensors hold
const randn = (n: number) => Float64Array.from(Float32Array.from({ length: n }, () => rng.normal()));
const f32 = (v: ArrayLike<number>) => Float32Array.from(v);

describe('conv2dSame (cpu)', () => {
  it.each([
    [[2, 5, 6, 3], [3, 3, 3, 4]],
    [[1, 7, 4, 2], [5, 3, 2, 3]],
    [[3, 4, 4, 1], [1, 1, 1, 2]],
  ])('x %j, filter %j: equals tf.conv2d(x, f, 1, "same") and a naive float64 convolution', (xs, fs) => {
    const xv = randn(xs.reduce((a, b) => a * b));
    const fv = randn(fs.reduce((a, b) => a * b));
    const [ours, theirs] = tf.tidy(() => {
      const x = tf.tensor4d(f32(xv), xs as [number, number, number, number]);
      const f = tf.tensor4d(f32(fv), fs as [number, number, number, number]);
      return [conv2dSame(x, f).dataSync(), tf.conv2d(x, f, 1, 'same').dataSync()];
    });
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
    expect(maxAbsDiff(ours, naiveConv(xv, xs, fv, fs))).toBeLessThan(1e-4);
  });

  const xs = [2, 4, 5, 2];
  const fs = [3, 3, 2, 3];
  const xv = randn(40 * 2);
  const fv = randn(54);
  const r = randn(2 * 4 * 5 * 3); // loss L = Σ r·conv(x, W)², non-linear in W
  const lossJs = (x: ArrayLike<number>, f: ArrayLike<number>) => naiveConv(x, xs, f, fs).reduce((s, v, k) => s + r[k] * v * v, 0);
  const grads = (conv: (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor4D) =>
    tf.tidy(() => {
      const x = tf.tensor4d(f32(xv), xs as [number, number, number, number]);
      const f = tf.tensor4d(f32(fv), fs as [number, number, number, number]);
      const rt = tf.tensor4d(f32(r), [2, 4, 5, 3]);
      const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(rt, tf.square(conv(a as tf.Tensor4D, b as tf.Tensor4D)))))([x, f]);
      return [gx.dataSync(), gf.dataSync()];
    });

  it('filter gradient matches central finite differences of a float64 reference', () => {
    const [, gf] = grads(conv2dSame);
    const numeric = centralDifferences((f) => lossJs(xv, f), fv, 1e-5);
    expect(Math.max(...Array.from(numeric, Math.abs))).toBeGreaterThan(1);
    expect(maxAbsDiff(gf, numeric)).toBeLessThan(1e-3 * Math.max(...Array.from(numeric, Math.abs)));
  });

  it('input gradient matches central finite differences of a float64 reference', () => {
    const [gx] = grads(conv2dSame);
    const numeric = centralDifferences((x) => lossJs(x, fv), xv, 1e-5);
    expect(maxAbsDiff(gx, numeric)).toBeLessThan(1e-3 * Math.max(...Array.from(numeric, Math.abs)));
  });

  it('both gradients equal those of tf.conv2d on cpu', () => {
    const ours = grads(conv2dSame);
    const theirs = grads((x, f) => tf.conv2d(x, f, 1, 'same'));
    expect(maxAbsDiff(ours[0], theirs[0])).toBeLessThan(1e-3);
    expect(maxAbsDiff(ours[1], theirs[1])).toBeLessThan(1e-3);
  });

  it('inputGradient: false gives the same values and filter gradient', () => {
    const [ga, gb, va, vb] = tf.tidy(() => {
      const x = tf.tensor4d(f32(xv), xs as [number, number, number, number]);
      const f = tf.tensor4d(f32(fv), fs as [number, number, number, number]);
      const loss = (opts: { inputGradient?: boolean }) => (w: tf.Tensor) => tf.sum(tf.square(conv2dSame(x, w as tf.Tensor4D, opts)));
      return [tf.grad(loss({}))(f).dataSync(), tf.grad(loss({ inputGradient: false }))(f).dataSync(), conv2dSame(x, f).dataSync(), conv2dSame(x, f, { inputGradient: false }).dataSync()];
    });
    expect(maxAbsDiff(ga, gb)).toBe(0);
    expect(maxAbsDiff(va, vb)).toBe(0);
  });

  it('conv2dFilterGrad and conv2dInputGrad equal tfjs built-in backprop kernels on a 1-channel case', () => {
    const [a, b, c, d] = tf.tidy(() => {
      const x = tf.tensor4d(f32(randn(2 * 6 * 6)), [2, 6, 6, 1]);
      const dy = tf.tensor4d(f32(randn(2 * 6 * 6 * 4)), [2, 6, 6, 4]);
      const f = tf.tensor4d(f32(randn(36)), [3, 3, 1, 4]);
      return [
        conv2dFilterGrad(x, dy, 3, 3).dataSync(),
        tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), dy)))(f).dataSync(), // tf's Conv2DBackpropFilter
        conv2dInputGrad(dy, f).dataSync(),
        tf.conv2dTranspose(dy, f, [2, 6, 6, 1], 1, 'same').dataSync(),
      ];
    });
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    expect(maxAbsDiff(c, d)).toBeLessThan(1e-4);
  });

  it('shape errors name the expected shape', () => {
    tf.tidy(() => {
      const f = tf.zeros([3, 3, 2, 4]) as tf.Tensor4D;
      expect(() => conv2dSame(tf.zeros([1, 5, 5, 3]) as tf.Tensor4D, f)).toThrow(ShapeError);
      expect(() => conv2dSame(tf.zeros([1, 5, 5, 3]) as tf.Tensor4D, f)).toThrow(/input must have shape \[batch, height, width, 2\]; got \[1, 5, 5, 3\]/);
      expect(() => conv2dSame(tf.zeros([5, 5, 2]) as never, f)).toThrow(/got \[5, 5, 2\]/);
      expect(() => conv2dSame(tf.zeros([1, 5, 5, 2]) as tf.Tensor4D, tf.zeros([2, 2, 2, 1]) as tf.Tensor4D)).toThrow(/odd kernel sizes; got 2×2/);
      expect(() => conv2dSame(tf.zeros([1, 5, 5, 2]) as tf.Tensor4D, tf.zeros([3, 3, 2]) as never)).toThrow(/filter must have shape \[kh, kw, inChannels, outChannels\]; got \[3, 3, 2\]/);
    });
  });
});
