import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { linearMix, OptionError } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { attentionWeights } from '../src/models/attention.js';
import { activeLength, trimTrailingPadding } from '../src/models/trim-padding.js';
import { createBiLstm } from '../src/index.js';
import type { TextModel } from '../src/index.js';
import { arr, biLstmLogits, embed, mat } from './reference.js';
import type { LstmDir } from './reference.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

const tiny = { vocabSize: 12, numClasses: 3, maxLength: 5, embeddingDim: 3, hiddenSize: 2, seed: 2 };
const ids = [
  [2, 3, 4, 0, 0],
  [5, 0, 0, 0, 0],
  [6, 7, 8, 9, 10],
];
const forward = (m: TextModel, rows: number[][]) => tf.tidy(() => m.forward(tf.tensor2d(rows, undefined, 'int32')).arraySync());
const dir = (m: TextModel, name: string): LstmDir => ({ wx: mat(m.weights[`${name}_Wx`]), wh: mat(m.weights[`${name}_Wh`]), b: arr(m.weights[`${name}_b`]) });
/** The float64 reference's logits of each row (a one-layer BiLSTM, every position run, padding masked). */
const referenceLogits = (m: TextModel, rows: number[][]) => {
  const table = mat(m.embedding);
  return rows.map((row) =>
    biLstmLogits(embed(table, row), row.map((id) => (id === 0 ? 0 : 1)), dir(m, 'lstm1_fw'), dir(m, 'lstm1_bw'), arr(m.weights.att_w), mat(m.weights.out_W), arr(m.weights.out_b)),
  );
};

describe('createBiLstm', () => {
  it('computes the same logits as an independent float64 implementation (masked BiLSTM, attention, ReLU, dense)', () => {
    const m = createBiLstm(tiny);
    // a non-zero attention vector, so the softmax is not uniform
    tf.tidy(() => m.weights.att_w.assign(tf.tensor1d([0.5, -1, 0.8, 0.3])));
    expect(maxAbsDiff(forward(m, ids).flat(), referenceLogits(m, ids).flat())).toBeLessThan(1e-5);
    m.dispose();
  });

  it('a batch of short sentences is cut to its longest one, with the float64 logits of the whole padded batch', () => {
    const m = createBiLstm({ ...tiny, maxLength: 9 });
    tf.tidy(() => m.weights.att_w.assign(tf.tensor1d([0.5, -1, 0.8, 0.3])));
    const short = [
      [2, 3, 4, 0, 0, 0, 0, 0, 0],
      [5, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    expect(tf.tidy(() => activeLength(tf.tensor2d(short, undefined, 'int32')))).toBe(3);
    // the reference runs every one of the 9 positions (masked)
    expect(maxAbsDiff(forward(m, short).flat(), referenceLogits(m, short).flat())).toBeLessThan(1e-5);
    m.dispose();
  });

  it('activeLength: the last position holding a token in any row, at least 1; trimTrailingPadding cuts there', () => {
    const len = (rows: number[][]) => tf.tidy(() => activeLength(tf.tensor2d(rows, undefined, 'int32')));
    expect(len(ids)).toBe(5);
    expect(len([[0, 0, 0], [0, 0, 0]])).toBe(1);
    expect(len([[0, 0, 7, 0], [1, 0, 0, 0]])).toBe(3); // a PAD inside a sentence does not end it
    tf.tidy(() => {
      const x = tf.tensor2d([[4, 0, 0], [5, 6, 0]], undefined, 'int32');
      const t = trimTrailingPadding(x);
      expect(t.shape).toEqual([2, 2]);
      expect(t.arraySync()).toEqual([[4, 0], [5, 6]]);
      expect(trimTrailingPadding(tf.tensor2d(ids, undefined, 'int32')).shape).toEqual([3, 5]);
    });
  });

  it('padding changes nothing: the same sentences padded to 5 or to 9 give the same logits', () => {
    const a = createBiLstm(tiny);
    const b = createBiLstm({ ...tiny, maxLength: 9 });
    tf.tidy(() => {
      a.weights.att_w.assign(tf.tensor1d([0.5, -1, 0.8, 0.3]));
      b.weights.att_w.assign(tf.tensor1d([0.5, -1, 0.8, 0.3]));
    });
    const longer = ids.map((r) => [...r, 0, 0, 0, 0]);
    expect(maxAbsDiff(forward(a, ids).flat(), forward(b, longer).flat())).toBeLessThan(1e-6);
    a.dispose();
    b.dispose();
  });

  it('mixing at `word` uses the union of the two padding masks (ForwardOptions.partners)', () => {
    // word 11 has a zero vector: "sentence i + zero-vector tokens up to its partner's length" is what the union means
    const table = Float32Array.from({ length: 12 * 3 }, (_, i) => (i >= 33 ? 0 : Math.sin(i + 1)));
    const m = createBiLstm({ ...tiny, embeddingDim: undefined, embeddings: table });
    tf.tidy(() => m.weights.att_w.assign(tf.tensor1d([0.5, -1, 0.8, 0.3])));
    const partners = [2, 0, 1];
    const got = tf.tidy(() => {
      const p = tf.tensor1d(partners, 'int32');
      return m.forward(tf.tensor2d(ids, undefined, 'int32'), { site: 'word', partners: p, mix: (h) => linearMix(h, p, tf.ones([3]) as tf.Tensor1D) }).arraySync();
    });
    const extended = ids.map((row, i) => row.map((id, t) => (id === 0 && ids[partners[i]][t] !== 0 ? 11 : id)));
    expect(maxAbsDiff(got.flat(), forward(m, extended).flat())).toBeLessThan(1e-6);
    // without partners the sentence keeps its own mask: a different result for the short sentences
    const own = tf.tidy(() => m.forward(tf.tensor2d(ids, undefined, 'int32'), { site: 'word', mix: (h) => h }).arraySync());
    expect(maxAbsDiff(own.flat(), forward(m, ids).flat())).toBeLessThan(1e-6);
    expect(maxAbsDiff(own[1], got[1])).toBeGreaterThan(1e-4);
    m.dispose();
  });

  it('mixes at `word` ([B, L, D]) and at `sentence` ([B, 2H]); two stacked layers work', () => {
    const m = createBiLstm({ ...tiny, numLayers: 2 });
    expect(Object.keys(m.weights)).toContain('lstm2_bw_Wx');
    expect(m.weights.lstm2_fw_Wx.shape).toEqual([4, 8]);
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const shapes: Record<string, number[]> = {};
      for (const site of m.sites) m.forward(x, { site, mix: (h) => ((shapes[site] = h.shape), h), training: true, seed: 1 });
      expect(shapes).toEqual({ word: [3, 5, 3], sentence: [3, 4] });
    });
    m.dispose();
  });

  it('has the defaults: 100 units per direction, one layer, 300-d embeddings, attention vector zero', () => {
    const m = createBiLstm({ vocabSize: 10, numClasses: 2, maxLength: 4 });
    expect(m.sentenceDim).toBe(200);
    expect(m.weights.lstm1_fw_Wh.shape).toEqual([100, 400]);
    expect(m.weights.lstm1_fw_Wx.shape).toEqual([300, 400]);
    expect(Array.from(m.weights.att_w.dataSync()).every((v) => v === 0)).toBe(true);
    expect(m.weights.lstm2_fw_Wx).toBeUndefined();
    m.dispose();
  });

  it('rejects bad options', () => {
    expect(() => createBiLstm({ ...tiny, hiddenSize: 0 })).toThrow(/Invalid hiddenSize: got 0; expected an integer ≥ 1/);
    expect(() => createBiLstm({ ...tiny, numLayers: 9 })).toThrow(/Invalid numLayers: got 9; expected an integer in \[1, 8\]/);
    expect(() => createBiLstm({ ...tiny, hidden: 3 } as never)).toThrow(OptionError);
  });
});

describe('attentionWeights', () => {
  it('is a softmax of tanh(H)·w over the tokens, zero on padding (hand-computed)', () => {
    const alpha = tf.tidy(() => {
      const h = tf.tensor3d([[[0], [1], [2]]]);
      return attentionWeights(h as tf.Tensor3D, tf.tensor1d([1]), tf.tensor2d([[1, 1, 0]])).arraySync();
    });
    const e = [Math.exp(Math.tanh(0)), Math.exp(Math.tanh(1))];
    expect(maxAbsDiff(alpha[0], [e[0] / (e[0] + e[1]), e[1] / (e[0] + e[1]), 0])).toBeLessThan(1e-6);
  });
});
