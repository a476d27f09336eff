import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '@ampmix/core/testing';
import { attentionPool } from '../src/models/attention.js';
import { embeddingLookup, tokenMask } from '../src/models/embedding.js';
import { KIM_INIT_RANGE, randomEmbeddings } from '../src/index.js';
import { loadTextFiles } from '../src/node/index.js';
import { expectNoTensorLeaks, fixture } from './helpers.js';

expectNoTensorLeaks();

describe('randomEmbeddings', () => {
  it('is U[−0.25, 0.25] (Kim 2014) with a zero PAD row, seeded', () => {
    const m = randomEmbeddings(1000, 10, 3);
    expect(Array.from(m.subarray(0, 10))).toEqual(new Array(10).fill(0));
    const rest = Array.from(m.subarray(10));
    expect(rest.every((v) => Math.abs(v) <= KIM_INIT_RANGE)).toBe(true);
    // mean ≈ 0 and variance ≈ 0.25²/3 for a uniform on [−0.25, 0.25] (9,990 draws)
    const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
    const variance = rest.reduce((a, b) => a + (b - mean) ** 2, 0) / rest.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 0.0625 / 3)).toBeLessThan(0.001);
    expect(randomEmbeddings(1000, 10, 3)).toEqual(m);
    expect(randomEmbeddings(1000, 10, 4)).not.toEqual(m);
  });
});

describe('embeddingLookup and tokenMask', () => {
  it('returns the table rows of the ids, PAD positions zero, and a gradient on used rows only (duplicates summed)', () => {
    const rows = tf.tidy(() => {
      const table = tf.tensor2d([[9, 9], [1, 2], [3, 4], [5, 6]]);
      const ids = tf.tensor2d([[2, 3, 0], [2, 1, 0]], undefined, 'int32');
      expect(Array.from(tokenMask(ids).dataSync())).toEqual([1, 1, 0, 1, 1, 0]);
      const out = embeddingLookup(table, ids).arraySync();
      const grad = tf.grad((t: tf.Tensor) => tf.sum(embeddingLookup(t as tf.Tensor2D, ids)))(table).arraySync();
      return { out, grad };
    });
    expect(rows.out).toEqual([[[3, 4], [5, 6], [0, 0]], [[3, 4], [1, 2], [0, 0]]]);
    expect(rows.grad).toEqual([[0, 0], [1, 1], [2, 2], [1, 1]]);
  });
});

describe('attentionPool', () => {
  it('is Σ_t α_t·H_t over the tokens (hand-computed)', () => {
    const got = tf.tidy(() => attentionPool(tf.tensor3d([[[0, 2], [1, 4], [7, 7]]]), tf.tensor1d([1, 0]), tf.tensor2d([[1, 1, 0]])).arraySync());
    const e0 = Math.exp(Math.tanh(0));
    const e1 = Math.exp(Math.tanh(1));
    const a = [e0 / (e0 + e1), e1 / (e0 + e1)];
    expect(maxAbsDiff(got[0], [a[1] * 1, a[0] * 2 + a[1] * 4])).toBeLessThan(1e-6);
  });
});

describe('loadTextFiles with a dev file and no test file', () => {
  it('cross-validates train and keeps the dev file as dev', async () => {
    const d = await loadTextFiles({ train: fixture('cv.txt'), dev: fixture('tiny.dev') }, { labelFormat: 'integer', lenient: true });
    expect(d.summary.dev).toBe(2); // tiny.dev's label 2 is not among cv.txt's labels: skipped
    expect(d.summary.skipped).toBe(1);
    expect(d.summary.train + d.summary.test).toBe(47);
    expect(d.summary.test).toBe(5); // fold 0: 3 + 2
  });
});
