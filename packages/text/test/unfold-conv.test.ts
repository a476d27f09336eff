import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '@ampmix/core/testing';
import { unfoldConv1d } from '../src/index.js';
import { IndexCache } from '../src/models/index-cache.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

// [B, L, D, h, F]: width 1, T = 1 (h = L), a batch of one, the Kim CNN's usual widths
const shapes: [number, number, number, number, number][] = [
  [2, 7, 3, 1, 4],
  [2, 7, 3, 3, 4],
  [3, 5, 2, 5, 3],
  [1, 4, 6, 2, 5],
  [4, 9, 5, 4, 2],
];

describe('unfoldConv1d (row-gather unfold) against tf.conv1d on the cpu backend', () => {
  it.each(shapes)('B=%i L=%i D=%i h=%i F=%i: same values and the same gradients wrt x and the filter', (b, l, d, h, f) => {
    tf.tidy(() => {
      const x = tf.randomNormal([b, l, d], 0, 1, 'float32', 1) as tf.Tensor3D;
      const w = tf.randomNormal([h, d, f], 0, 1, 'float32', 2) as tf.Tensor3D;
      const dy = tf.randomNormal([b, l - h + 1, f], 0, 1, 'float32', 3);
      const got = unfoldConv1d(x, w);
      expect(got.shape).toEqual([b, l - h + 1, f]);
      expect(maxAbsDiff(got.dataSync(), tf.conv1d(x, w, 1, 'valid').dataSync())).toBeLessThan(1e-5);
      const loss = (conv: (p: tf.Tensor3D, q: tf.Tensor3D) => tf.Tensor) => (p: tf.Tensor, q: tf.Tensor) =>
        tf.sum(tf.mul(conv(p as tf.Tensor3D, q as tf.Tensor3D), dy));
      const [gx, gw] = tf.grads(loss(unfoldConv1d))([x, w]);
      const [rx, rw] = tf.grads(loss((p, q) => tf.conv1d(p, q, 1, 'valid')))([x, w]);
      expect(maxAbsDiff(gx.dataSync(), rx.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(gw.dataSync(), rw.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('gives the same result on a repeated call (cached indices) and after other shapes', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 3], 0, 1, 'float32', 4) as tf.Tensor3D;
      const w = tf.randomNormal([3, 3, 2], 0, 1, 'float32', 5) as tf.Tensor3D;
      const first = unfoldConv1d(x, w).dataSync();
      for (let b = 1; b <= 40; b++) unfoldConv1d(tf.zeros([b, 6, 3]) as tf.Tensor3D, w); // more shapes than the cache holds
      expect(maxAbsDiff(unfoldConv1d(x, w).dataSync(), first)).toBe(0);
    });
  });

  it('keeps its argument checks and messages', () => {
    tf.tidy(() => {
      expect(() => unfoldConv1d(tf.zeros([1, 2, 3]) as tf.Tensor3D, tf.zeros([3, 3, 1]) as tf.Tensor3D)).toThrow(
        'unfoldConv1d: input length 2 is shorter than the filter width 3',
      );
      expect(() => unfoldConv1d(tf.zeros([1, 4, 3]) as tf.Tensor3D, tf.zeros([2, 5, 1]) as tf.Tensor3D)).toThrow(
        'unfoldConv1d: filter expects 5 channels, input has 3',
      );
    });
  });
});

describe('IndexCache', () => {
  it('builds once per key and holds at most its capacity, dropping the oldest', () => {
    const cache = new IndexCache<Int32Array>(2);
    let made = 0;
    const make = (n: number) => () => (made++, Int32Array.of(n));
    const a = cache.get('a', make(1));
    expect(cache.get('a', make(9))).toBe(a);
    cache.get('b', make(2));
    cache.get('c', make(3));
    expect(cache.size).toBe(2);
    expect(made).toBe(3);
    expect(Array.from(cache.get('a', make(4)))).toEqual([4]); // 'a' was dropped
    expect(Array.from(cache.get('c', make(5)))).toEqual([3]);
  });
});
