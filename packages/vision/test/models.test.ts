import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linearMix, linearMixer, mixStep, OptionError, resolveAmpOptions, Rng, ShapeError } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import { centralDifferences, maxAbsDiff } from '@ampmix/core/testing';
import { createImageMlp, createSmallCnn } from '../src/index.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const rng = new Rng(3);
const images = (b: number, h = 28, w = 28, c = 1) => tf.tensor4d(Float32Array.from({ length: b * h * w * c }, () => rng.next()), [b, h, w, c]);
const values = (v: tf.Variable) => Array.from(v.dataSync());

describe('createImageMlp', () => {
  it('has sites input, hidden1, hidden2 and weights W1..b3 of the documented shapes by default', () => {
    const m = createImageMlp({ numClasses: 10 });
    expect(m.sites).toEqual(['input', 'hidden1', 'hidden2']);
    expect(Object.fromEntries(Object.entries(m.weights).map(([k, v]) => [k, v.shape]))).toEqual({
      W1: [784, 256], b1: [256], W2: [256, 128], b2: [128], W3: [128, 10], b3: [10],
    });
    const x = images(3);
    const out = m.forward(x);
    expect(out.shape).toEqual([3, 10]);
    tf.dispose([x, out]);
    m.dispose();
  });

  it('computes relu(relu(flatten(x)·W1 + b1)·W2 + b2)·W3 + b3 (checked by hand in float64)', () => {
    const m = createImageMlp({ numClasses: 2, inputShape: [2, 2, 1], hiddenSizes: [3, 2], seed: 4 });
    const x = [0.1, 0.9, 0.5, 0.3, 1, 0, 0.25, 0.75];
    const W = [1, 2, 3].map((l) => values(m.weights[`W${l}`]));
    const b = [1, 2, 3].map((l) => values(m.weights[`b${l}`]));
    const dims = [4, 3, 2, 2];
    const layer = (v: number[], l: number, relu: boolean) =>
      Array.from({ length: dims[l + 1] }, (_, j) => {
        const s = v.reduce((acc, vi, i) => acc + vi * W[l][i * dims[l + 1] + j], b[l][j]);
        return relu ? Math.max(0, s) : s;
      });
    const expected = [x.slice(0, 4), x.slice(4)].flatMap((row) => layer(layer(layer(row, 0, true), 1, true), 2, false));
    const got = tf.tidy(() => m.forward(tf.tensor4d(x, [2, 2, 2, 1])).dataSync());
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    m.dispose();
  });

  it('mixes at each site a tensor of the site shape (the input stays an image)', () => {
    const m = createImageMlp({ numClasses: 4, hiddenSizes: [6, 5] });
    const x = images(2);
    const shapes: Record<string, number[]> = {};
    for (const site of m.sites) {
      m.forward(x, { site, mix: (h) => ((shapes[site] = h.shape), h) }).dispose();
    }
    expect(shapes).toEqual({ input: [2, 28, 28, 1], hidden1: [2, 6], hidden2: [2, 5] });
    x.dispose();
    m.dispose();
  });

  it('same seed gives the same weights; another seed differs', () => {
    const [a, b, c] = [0, 0, 1].map((seed) => createImageMlp({ numClasses: 3, hiddenSizes: [4], seed }));
    expect(values(a.weights.W1)).toEqual(values(b.weights.W1));
    expect(values(a.weights.W1)).not.toEqual(values(c.weights.W1));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('dropout acts only in training and is reproducible from the call seed', () => {
    const m = createImageMlp({ numClasses: 3, hiddenSizes: [32], dropout: 0.5 });
    const x = images(2);
    const [plain, evalOut, t1, t2, t3] = tf.tidy(() => [
      m.forward(x).dataSync(),
      m.forward(x, { training: false, seed: 1 }).dataSync(),
      m.forward(x, { training: true, seed: 1 }).dataSync(),
      m.forward(x, { training: true, seed: 1 }).dataSync(),
      m.forward(x, { training: true, seed: 2 }).dataSync(),
    ]);
    expect(maxAbsDiff(plain, evalOut)).toBe(0);
    expect(maxAbsDiff(t1, t2)).toBe(0);
    expect(maxAbsDiff(t1, t3)).toBeGreaterThan(0);
    expect(maxAbsDiff(t1, plain)).toBeGreaterThan(0);
    x.dispose();
    m.dispose();
  });

  it('rejects bad inputs and options with messages naming the expected shape or range', () => {
    const m = createImageMlp({ numClasses: 10 });
    tf.tidy(() => {
      expect(() => m.forward(tf.zeros([2, 784]) as never)).toThrow(ShapeError);
      expect(() => m.forward(tf.zeros([2, 784]) as never)).toThrow(/image MLP input must have shape \[batch, 28, 28, 1\]; got \[2, 784\]/);
      expect(() => m.forward(tf.zeros([2, 28, 28, 3]) as tf.Tensor4D)).toThrow(/\[batch, 28, 28, 1\]; got \[2, 28, 28, 3\]/);
      expect(() => m.forward(tf.zeros([2, 28, 28, 1], 'int32') as tf.Tensor4D)).toThrow(/float32 pixels; got dtype int32/);
    });
    m.dispose();
    expect(() => createImageMlp({} as never)).toThrow(/Invalid numClasses: got undefined; expected an integer ≥ 1/);
    expect(() => createImageMlp({ numClasses: 10, hiddenSizes: [0] })).toThrow(/Invalid hiddenSizes\[0\]: got 0/);
    expect(() => createImageMlp({ numClasses: 10, dropout: 1 })).toThrow(/Invalid dropout: got 1; expected a number in \[0, 0.99\]/);
    expect(() => createImageMlp({ numClasses: 10, inputShape: [28, 28] as never })).toThrow(/Invalid inputShape: got \[28, 28\]; expected \[height, width, channels\]/);
    expect(() => createImageMlp({ numClasses: 10, seed: -1 })).toThrow(OptionError);
    expect(() => createImageMlp({ numClasses: 10, hidden: [3] } as never)).toThrow(/createImageMlp option "hidden"/);
  });
});

/** The small CNN recomputed with tfjs's own conv2d / maxPool from the model's weights. */
function cnnReference(m: MixableModel<tf.Tensor4D>, x: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => {
    const w = m.weights;
    const block = (h: tf.Tensor4D, W: tf.Variable, b: tf.Variable) => tf.maxPool(tf.relu(tf.add(tf.conv2d(h, W as tf.Tensor4D, 1, 'same'), b)) as tf.Tensor4D, 2, 2, 'valid');
    const h = block(block(x, w.conv1_W, w.conv1_b), w.conv2_W, w.conv2_b);
    return tf.add(tf.matMul(h.reshape([x.shape[0], -1]), w.dense_W), w.dense_b);
  });
}

describe('createSmallCnn', () => {
  it('has sites input, block1, block2, the documented weights, and equals conv2d/relu/maxPool/dense', () => {
    const m = createSmallCnn({ numClasses: 10, seed: 2 });
    expect(m.sites).toEqual(['input', 'block1', 'block2']);
    expect(Object.fromEntries(Object.entries(m.weights).map(([k, v]) => [k, v.shape]))).toEqual({
      conv1_W: [3, 3, 1, 16], conv1_b: [16], conv2_W: [3, 3, 16, 32], conv2_b: [32], dense_W: [7 * 7 * 32, 10], dense_b: [10],
    });
    const x = images(3);
    const [got, want] = tf.tidy(() => [m.forward(x).dataSync(), cnnReference(m, x).dataSync()]);
    expect(got.length).toBe(30);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
    x.dispose();
    m.dispose();
  });

  it('mixes at block1 [B, 14, 14, c1] and block2 [B, 7, 7, c2]', () => {
    const m = createSmallCnn({ numClasses: 3, channels: [4, 6] });
    const x = images(2);
    const shapes: Record<string, number[]> = {};
    for (const site of m.sites) m.forward(x, { site, mix: (h) => ((shapes[site] = h.shape), h) }).dispose();
    expect(shapes).toEqual({ input: [2, 28, 28, 1], block1: [2, 14, 14, 4], block2: [2, 7, 7, 6] });
    x.dispose();
    m.dispose();
  });

  it('rejects bad inputs and options with messages naming the expected shape or range', () => {
    const m = createSmallCnn({ numClasses: 10 });
    tf.tidy(() => {
      expect(() => m.forward(tf.zeros([2, 28, 28]) as never)).toThrow(/small CNN input must have shape \[batch, 28, 28, 1\]; got \[2, 28, 28\] \(rank 3\)/);
    });
    m.dispose();
    expect(() => createSmallCnn({ numClasses: 10, channels: [16] as never })).toThrow(/Invalid channels: got \[16\]; expected two integers ≥ 1/);
    expect(() => createSmallCnn({ numClasses: 10, channels: [16, 2.5] })).toThrow(/Invalid channels\[1\]: got 2.5/);
    expect(() => createSmallCnn({ numClasses: 0 })).toThrow(/Invalid numClasses: got 0/);
    expect(() => createSmallCnn({ numClasses: 2, inputShape: [3, 8, 1] })).toThrow(/Invalid inputShape\[0\]: got 3; expected an integer ≥ 4/);
  });

  it('AMP through mixStep at block1: λ-gradient matches finite differences of the mean loss; nothing leaks', async () => {
    const m = createSmallCnn({ numClasses: 3, channels: [3, 4], inputShape: [8, 8, 1], seed: 5 });
    const B = 4;
    const x = images(B, 8, 8, 1);
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    const plan = { lambda: Float32Array.from([0.3, 0.6, 0.8, 0.45]), partners: Int32Array.from([2, 3, 0, 1]), site: 'block1' };
    const { grads, details } = await mixStep({ model: m, inputs: x, labels: y, plan, mixer: linearMixer, amp: resolveAmpOptions({ epsilon: 0.1 }), training: false, details: true });
    const targets = tf.tidy(() => {
      const oneHot = tf.oneHot(y, 3).toFloat() as tf.Tensor2D;
      return linearMix(oneHot, tf.tensor1d(plan.partners, 'int32'), tf.tensor1d(plan.lambda));
    });
    const meanLoss = (l: Float64Array) =>
      tf.tidy(() => {
        const lam = tf.tensor1d(Float32Array.from(l));
        const logits = m.forward(x, { site: 'block1', mix: (h) => linearMix(h, tf.tensor1d(plan.partners, 'int32'), lam) });
        return tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))).dataSync()[0];
      });
    const numeric = centralDifferences(meanLoss, plan.lambda, 1e-3);
    const scale = Math.max(...Array.from(numeric, Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(details!.lambdaGrad, numeric)).toBeLessThan(2e-2 * scale);
    expect(Object.keys(grads!).sort()).toEqual(Object.keys(m.weights).sort());
    tf.dispose([...Object.values(grads!), x, y, targets]);
    m.dispose();
  });
});
