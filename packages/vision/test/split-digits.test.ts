import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { splitDigits } from '../src/index.js';

// 50 synthetic digits, 5 per class; pixel 0 of digit i holds i / 100 so every example can be traced to its source
const N = 50;
const labels = Int32Array.from({ length: N }, (_, i) => i % 10);
const pixels = new Float32Array(N * 784);
for (let i = 0; i < N; i++) pixels[i * 784] = i / 100;

describe('splitDigits (browser-safe)', () => {
  it('defaults to 80% / 20%, stratified, disjoint, pixels and labels following their source', () => {
    const before = tf.memory().numTensors;
    const { train, test, numClasses } = splitDigits({ pixels, labels }, { seed: 3 });
    expect([train.size, test.size, numClasses]).toEqual([40, 10, 10]);
    expect(Array.from(test.labels).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const all = [...train.sourceIndices, ...test.sourceIndices];
    expect(new Set(all).size).toBe(N);
    test.sourceIndices.forEach((src, k) => {
      expect(test.labels[k]).toBe(src % 10);
      expect(test.pixels[k * 784]).toBeCloseTo(src / 100, 7);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same seed gives the same split, another seed another', () => {
    const a = splitDigits({ pixels, labels }, { seed: 1, trainSize: 30, testSize: 10 });
    const b = splitDigits({ pixels, labels }, { seed: 1, trainSize: 30, testSize: 10 });
    const c = splitDigits({ pixels, labels }, { seed: 2, trainSize: 30, testSize: 10 });
    expect(Array.from(a.test.sourceIndices)).toEqual(Array.from(b.test.sourceIndices));
    expect(Array.from(a.test.sourceIndices)).not.toEqual(Array.from(c.test.sourceIndices));
    expect(a.train.size).toBe(30);
  });

  it('rejects pixels that do not match the labels, and sizes beyond the digits', () => {
    expect(() => splitDigits({ pixels: pixels.subarray(1), labels })).toThrow(OptionError);
    expect(() => splitDigits({ pixels, labels }, { trainSize: 45, testSize: 6 })).toThrow('Invalid testSize: got 6; expected an integer in [1, 5].');
  });
});
