import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError, proportionalCounts, Rng, stratifiedSample } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { createImageDataset, holdOut } from '../src/index.js';
import { loadMnist, mnistDigits, MNIST_SIZE } from '../src/mnist/index.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const counts = (labels: ArrayLike<number>, k = 10) => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]] += 1;
  return c;
};
const PER_CLASS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('mnistDigits', () => {
  it('holds the 10,000 digits of the mnist package, class-major, pixels in [0, 1]', () => {
    const { pixels, labels } = mnistDigits();
    expect(labels.length).toBe(MNIST_SIZE);
    expect(counts(labels)).toEqual(PER_CLASS);
    expect(pixels.length).toBe(MNIST_SIZE * 784);
    let [min, max] = [Infinity, -Infinity];
    for (const v of pixels) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect([min, max]).toEqual([0, 1]);
    // the 6th "7" is the one the package's own accessor returns
    const mnist = createRequire(import.meta.url)('mnist') as { get(k: number): number[] }[];
    const at = PER_CLASS.slice(0, 7).reduce((a, b) => a + b, 0) + 5;
    expect(maxAbsDiff(pixels.subarray(at * 784, (at + 1) * 784), mnist[7].get(5))).toBeLessThan(1e-7);
  });
});

describe('loadMnist', () => {
  const a = loadMnist();
  it('splits 8,000 / 2,000 by default, disjoint, with stratified class counts', () => {
    expect([a.train.size, a.test.size, a.numClasses]).toEqual([8000, 2000, 10]);
    const train = new Set(a.train.sourceIndices);
    expect(train.size).toBe(8000);
    expect(a.test.sourceIndices.some((i) => train.has(i))).toBe(false);
    expect(new Set([...a.train.sourceIndices, ...a.test.sourceIndices]).size).toBe(10000);
    counts(a.test.labels).forEach((c, d) => expect(Math.abs(c - PER_CLASS[d] / 5)).toBeLessThanOrEqual(1));
    counts(a.train.labels).forEach((c, d) => expect(c + counts(a.test.labels)[d]).toBe(PER_CLASS[d]));
  });

  it('is disjoint by content too (no test image equals a training image)', () => {
    const key = (px: Float32Array, i: number) => Array.from(px.subarray(i * 784, (i + 1) * 784)).join(',');
    const trainKeys = new Set(Array.from({ length: a.train.size }, (_, i) => key(a.train.pixels, i)));
    const clash = Array.from({ length: a.test.size }, (_, i) => key(a.test.pixels, i)).filter((k) => trainKeys.has(k));
    expect(clash).toEqual([]);
  });

  it('labels and pixels follow the source digits', () => {
    const all = mnistDigits();
    for (const ds of [a.train, a.test]) {
      for (const k of [0, 17, ds.size - 1]) {
        const src = ds.sourceIndices[k];
        expect(ds.labels[k]).toBe(all.labels[src]);
        expect(maxAbsDiff(ds.pixels.subarray(k * 784, (k + 1) * 784), all.pixels.subarray(src * 784, (src + 1) * 784))).toBe(0);
      }
    }
  });

  it('same seed gives the same split; another seed a different one; sizes are honoured', () => {
    const b = loadMnist({ seed: 0 });
    expect(Array.from(b.test.sourceIndices)).toEqual(Array.from(a.test.sourceIndices));
    const c = loadMnist({ seed: 1 });
    expect(Array.from(c.test.sourceIndices)).not.toEqual(Array.from(a.test.sourceIndices));
    const small = loadMnist({ seed: 3, trainSize: 500, testSize: 100 });
    expect([small.train.size, small.test.size]).toEqual([500, 100]);
  });

  it('materialises [B, 28, 28, 1] float batches with int labels on demand', () => {
    const batch = a.train.batch([5, 0, 5]);
    expect(batch.inputs.shape).toEqual([3, 28, 28, 1]);
    expect(batch.inputs.dtype).toBe('float32');
    expect(batch.labels.dtype).toBe('int32');
    expect(Array.from(batch.labels.dataSync())).toEqual([a.train.labels[5], a.train.labels[0], a.train.labels[5]]);
    const px = batch.inputs.dataSync();
    expect(maxAbsDiff(px.subarray(784, 1568), a.train.pixels.subarray(0, 784))).toBe(0);
    expect(maxAbsDiff(px.subarray(1568), a.train.pixels.subarray(5 * 784, 6 * 784))).toBe(0);
    tf.dispose([batch.inputs, batch.labels]);
  });

  it('rejects bad options and indices with messages naming option, value and range', () => {
    expect(() => loadMnist({ trainSize: 9000, testSize: 2000 })).toThrow(/Invalid testSize: got 2000; expected an integer in \[1, 1000\]/);
    expect(() => loadMnist({ trainSize: 0 })).toThrow(/Invalid trainSize: got 0; expected an integer in \[1, 9999\]/);
    expect(() => loadMnist({ seed: 1.5 })).toThrow(OptionError);
    expect(() => loadMnist({ size: 3 } as never)).toThrow(/loadMnist option "size"/);
    expect(() => a.test.batch([0, 2000])).toThrow(/Invalid indices\[1\]: got 2000; expected an index in \[0, 1999\]/);
    expect(() => a.test.batch([])).toThrow(/at least one example index/);
  });
});

describe('split helpers', () => {
  it('proportionalCounts: hand-computed largest-remainder cases', () => {
    expect(proportionalCounts(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(proportionalCounts(7, [5, 3, 2])).toEqual([4, 2, 1]); // exact 3.5, 2.1, 1.4 → floors 3,2,1, +1 to the first
    expect(proportionalCounts(0, [2, 3])).toEqual([0, 0]);
    expect(proportionalCounts(5, [0, 0])).toEqual([0, 0]);
  });

  it('stratifiedSample (core): disjoint, exact sizes, class counts within 1 of proportional (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 60 }), fc.nat(), fc.nat(), (labels, s, t) => {
        const n = labels.length;
        const testSize = 1 + (t % (n - 1));
        const trainSize = 1 + (s % (n - testSize));
        const { train, test } = stratifiedSample(labels, 4, trainSize, testSize, new Rng(s));
        expect([train.length, test.length]).toEqual([trainSize, testSize]);
        expect(new Set([...train, ...test]).size).toBe(trainSize + testSize);
        const byClass = counts(labels, 4);
        counts(Array.from(test, (i) => labels[i]), 4).forEach((c, k) => expect(Math.abs(c - (testSize * byClass[k]) / n)).toBeLessThan(1));
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('holdOut carves a disjoint, stratified dev set from a dataset', () => {
    const ds = createImageDataset({ pixels: Float32Array.from({ length: 20 * 4 }, (_, i) => i), labels: Int32Array.from({ length: 20 }, (_, i) => i % 2), shape: [2, 2, 1], numClasses: 2 });
    const { rest, heldOut } = holdOut(ds, { size: 6, seed: 1 });
    expect([rest.size, heldOut.size]).toEqual([14, 6]);
    expect(counts(heldOut.labels, 2)).toEqual([3, 3]);
    expect(new Set([...rest.sourceIndices, ...heldOut.sourceIndices]).size).toBe(20);
    expect(heldOut.pixels[0]).toBe(heldOut.sourceIndices[0] * 4);
    expect(() => holdOut(ds, { size: 20 })).toThrow(/Invalid size: got 20; expected an integer in \[1, 19\]/);
  });

  it('createImageDataset validates sizes and labels', () => {
    expect(() => createImageDataset({ pixels: new Float32Array(7), labels: new Int32Array(2), shape: [2, 2, 1], numClasses: 2 })).toThrow(/needs 2 × \[2, 2, 1\] = 8 pixel values; got 7/);
    expect(() => createImageDataset({ pixels: new Float32Array(8), labels: Int32Array.from([0, 2]), shape: [2, 2, 1], numClasses: 2 })).toThrow(/Invalid labels\[1\]: got 2; expected a class index in \[0, 1\]/);
  });
});
