import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { createBiLstm, createKimCnn } from '../src/index.js';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import type { TextModel } from '../src/index.js';

// The wasm backend lacks Conv2DBackpropFilter and UnsortedSegmentSum: both backbones must still train there.
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const ids = [
  [2, 3, 4, 0, 0, 0],
  [5, 6, 0, 0, 0, 0],
  [7, 8, 9, 10, 11, 3],
  [12, 13, 2, 0, 0, 0],
  [4, 9, 0, 0, 0, 0],
  [6, 6, 7, 1, 0, 0],
];
const labels = [0, 1, 2, 1, 0, 2];
const base = { vocabSize: 14, numClasses: 3, maxLength: 6, embeddingDim: 8, dropout: 0.2, seed: 1 };

async function plainLoss(model: TextModel, x: tf.Tensor2D, y: tf.Tensor1D): Promise<number> {
  const r = await mixStep({ model, inputs: x, labels: y, training: false });
  for (const g of Object.values(r.grads ?? {})) g.dispose();
  return r.stats.lossBefore;
}

describe.each([
  ['Kim CNN', 'WordMixup', () => createKimCnn({ ...base, filterSizes: [2, 3], numFilters: 4 }), wordMixup],
  ['BiLSTM', 'SenMixup', () => createBiLstm({ ...base, hiddenSize: 4 }), senMixup],
  ['BiLSTM', 'WordMixup', () => createBiLstm({ ...base, hiddenSize: 4 }), wordMixup],
] as const)('on the wasm backend: %s with %s + AMP', (_, __, create, factory) => {
  it('trains a few steps (embedding and every weight updated) and lowers the training loss, leaking nothing', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const model = create();
    const method = factory();
    const optimizer = tf.train.adam(0.05);
    const x = tf.tensor2d(ids, undefined, 'int32');
    const y = tf.tensor1d(labels, 'int32');
    const rng = new Rng(7);
    const amp = resolveAmpOptions();
    const start = Object.fromEntries(Object.entries(model.weights).map(([k, v]) => [k, v.dataSync().slice()]));
    const loss0 = await plainLoss(model, x, y);
    for (let step = 0; step < 12; step++) {
      const plan = method.policy.plan({ batchSize: ids.length, rng, sites: model.sites });
      const { grads, stats } = await mixStep({ model, inputs: x, labels: y, plan, mixer: method.mixer, amp, seed: step });
      expect(stats.skipped).toBe(false);
      optimizer.applyGradients(Object.entries(grads!).map(([k, tensor]) => ({ name: model.weights[k].name, tensor })));
      tf.dispose(Object.values(grads!));
    }
    const loss1 = await plainLoss(model, x, y);
    expect(loss1).toBeLessThan(loss0);
    for (const [k, v] of Object.entries(model.weights)) {
      expect(Array.from(v.dataSync()).some((val, i) => val !== start[k][i])).toBe(true);
    }
    optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
