import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { linearMix, OptionError, ShapeError } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { applyMaxNorm } from '../src/models/max-norm.js';
import { createKimCnn, unfoldConv1d } from '../src/index.js';
import { arr, embed, kimCnnLogits, mat } from './reference.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

const tiny = { vocabSize: 12, numClasses: 3, maxLength: 5, embeddingDim: 4, filterSizes: [2, 3], numFilters: 3, seed: 1 };
const ids = [
  [2, 3, 4, 0, 0],
  [5, 1, 0, 0, 0],
  [6, 7, 8, 9, 10],
];

describe('unfoldConv1d', () => {
  it.each([1, 2, 3, 5])('equals tf.conv1d (valid, stride 1) for width %i', (h) => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
      const f = tf.randomNormal([h, 3, 4], 0, 1, 'float32', 2) as tf.Tensor3D;
      expect(maxAbsDiff(unfoldConv1d(x, f).dataSync(), tf.conv1d(x, f, 1, 'valid').dataSync())).toBeLessThan(1e-5);
    });
  });
  it('rejects inputs shorter than the filter', () => {
    tf.tidy(() => {
      expect(() => unfoldConv1d(tf.zeros([1, 2, 3]) as tf.Tensor3D, tf.zeros([3, 3, 1]) as tf.Tensor3D)).toThrow(/shorter than the filter width 3/);
    });
  });
});

describe('createKimCnn', () => {
  it('has the Kim (2014) defaults: widths 3, 4, 5 × 100 maps, 300-d embeddings', () => {
    const m = createKimCnn({ vocabSize: 10, numClasses: 2, maxLength: 7 });
    expect(m.sites).toEqual(['word', 'sentence']);
    expect(m.sentenceDim).toBe(300);
    expect(m.embeddingDim).toBe(300);
    expect(Object.keys(m.weights).sort()).toEqual(['conv3_W', 'conv3_b', 'conv4_W', 'conv4_b', 'conv5_W', 'conv5_b', 'embedding', 'out_W', 'out_b']);
    expect(m.weights.conv4_W.shape).toEqual([4, 300, 100]);
    m.dispose();
  });

  it('computes the same logits as an independent float64 implementation (padding, conv, ReLU, max-over-time, dense)', () => {
    const m = createKimCnn({ ...tiny, dropout: 0.5 });
    const table = mat(m.embedding);
    const filters = tiny.filterSizes.map((h) => {
      const w = arr(m.weights[`conv${h}_W`]);
      const b = arr(m.weights[`conv${h}_b`]).map((_, f) => f * 0.1 - 0.1); // non-zero biases
      tf.tidy(() => m.weights[`conv${h}_b`].assign(tf.tensor1d(b)));
      const W = Array.from({ length: h }, (_, k) => Array.from({ length: 4 }, (_, c) => Array.from({ length: 3 }, (_, f) => w[(k * 4 + c) * 3 + f])));
      return { h, w: W, b };
    });
    const want = ids.map((row) => kimCnnLogits(embed(table, row), filters, mat(m.weights.out_W), arr(m.weights.out_b)));
    const got = tf.tidy(() => m.forward(tf.tensor2d(ids, undefined, 'int32')).arraySync());
    expect(maxAbsDiff(got.flat(), want.flat())).toBeLessThan(1e-5);
    m.dispose();
  });

  it('mixes at `word` ([B, L, D]) and at `sentence` ([B, widths·maps]); λ = 1 at `word` is the plain pass', () => {
    const m = createKimCnn(tiny);
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const shapes: Record<string, number[]> = {};
      for (const site of m.sites) m.forward(x, { site, mix: (h) => ((shapes[site] = h.shape), h) });
      expect(shapes).toEqual({ word: [3, 5, 4], sentence: [3, 6] });
      const partners = tf.tensor1d([2, 0, 1], 'int32');
      const same = m.forward(x, { site: 'word', mix: (h) => linearMix(h, partners, tf.ones([3]) as tf.Tensor1D), partners });
      expect(maxAbsDiff(same.dataSync(), m.forward(x).dataSync())).toBeLessThan(1e-6);
    });
    m.dispose();
  });

  it('SenMixup at `sentence` gives logits λ·z_i + (1 − λ)·z_π(i) (the output layer is affine)', () => {
    const m = createKimCnn(tiny);
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const lambda = [0.2, 0.7, 1];
      const perm = [1, 2, 0];
      const z = m.forward(x).arraySync();
      const mixed = m.forward(x, { site: 'sentence', mix: (h) => linearMix(h, tf.tensor1d(perm, 'int32'), tf.tensor1d(lambda)) }).arraySync();
      const want = z.map((row, i) => row.map((v, c) => lambda[i] * v + (1 - lambda[i]) * z[perm[i]][c]));
      expect(maxAbsDiff(mixed.flat(), want.flat())).toBeLessThan(1e-5);
    });
    m.dispose();
  });

  it('the embedding gradient touches only the batch\u2019s rows, never PAD', () => {
    const m = createKimCnn(tiny);
    const g = tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(m.forward(x))) as tf.Scalar, [m.embedding]);
      value.dispose();
      return mat(grads[m.embedding.name]);
    });
    const nonZero = g.map((r) => r.some((v) => v !== 0));
    expect(nonZero).toEqual([false, true, true, true, true, true, true, true, true, true, true, false]);
    m.dispose();
  });

  it('frozen embeddings are not in `weights` and use the given table', () => {
    const table = Float32Array.from({ length: 12 * 4 }, (_, i) => i / 100);
    const m = createKimCnn({ ...tiny, embeddingDim: undefined, embeddings: table, trainableEmbeddings: false });
    expect(m.weights.embedding).toBeUndefined();
    expect(m.embedding.trainable).toBe(false);
    expect(m.embeddingDim).toBe(4);
    expect(Array.from(m.embedding.dataSync())).toEqual(Array.from(table));
    m.dispose();
  });

  it('dropout only while training; the same seed gives the same masks', () => {
    const m = createKimCnn({ ...tiny, dropout: 0.5 });
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const plain = m.forward(x).dataSync();
      expect(maxAbsDiff(m.forward(x, { training: false, seed: 3 }).dataSync(), plain)).toBe(0);
      const a = m.forward(x, { training: true, seed: 3 }).dataSync();
      expect(maxAbsDiff(m.forward(x, { training: true, seed: 3 }).dataSync(), a)).toBe(0);
      expect(maxAbsDiff(a, plain)).toBeGreaterThan(1e-4);
    });
    m.dispose();
  });

  it('rejects bad inputs and options with messages naming them', () => {
    const m = createKimCnn(tiny);
    tf.tidy(() => {
      expect(() => m.forward(tf.zeros([2, 4], 'int32') as tf.Tensor2D)).toThrow(ShapeError);
      expect(() => m.forward(tf.zeros([2, 5], 'float32') as tf.Tensor2D)).toThrow(/int32 token ids of shape \[batch, 5\]; got float32 \[2, 5\]/);
    });
    m.dispose();
    const bad: [object, RegExp][] = [
      [{ filterSizes: [] }, /Invalid filterSizes: got \[\]; expected a non-empty array/],
      [{ filterSizes: [3, 3] }, /expected distinct widths/],
      [{ numFilters: 0 }, /Invalid numFilters: got 0; expected an integer ≥ 1/],
      [{ dropout: 1 }, /Invalid dropout: got 1; expected a number in \[0, 0.99\]/],
      [{ vocabSize: 1 }, /Invalid vocabSize: got 1; expected an integer ≥ 2/],
      [{ embeddings: new Float32Array(7) }, /Invalid embeddings: got "7 values"; expected vocabSize × embeddingDim/],
      [{ embeddingDim: 300, embeddings: new Float32Array(48) }, /Invalid embeddings/],
      [{ filters: 3 }, /createKimCnn option "filters"/],
    ];
    for (const [o, message] of bad) {
      expect(() => createKimCnn({ ...tiny, ...o } as never)).toThrow(OptionError);
      expect(() => createKimCnn({ ...tiny, ...o } as never)).toThrow(message);
    }
  });
});

describe('applyMaxNorm (Kim 2014, s = 3)', () => {
  it('rescales only the columns whose L2 norm exceeds the limit', () => {
    const w = tf.tidy(() => tf.variable(tf.tensor2d([[3, 1], [4, 1]])));
    applyMaxNorm(w, 3);
    // column 0 has norm 5 → × 3/5; column 1 has norm √2 < 3 → unchanged
    expect(maxAbsDiff(w.dataSync(), [1.8, 1, 2.4, 1])).toBeLessThan(1e-6);
    expect(() => applyMaxNorm(w, 0)).toThrow(/Invalid maxNorm: got 0/);
    w.dispose();
  });
});
