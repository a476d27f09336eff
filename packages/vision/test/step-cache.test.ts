import * as tf from '@tensorflow/tfjs';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { createImageMlp, createSmallCnn } from '../src/index.js';

// The same AMP step with the models' step cache and without it (a wrapper that drops `stepCache`).
async function stepWithAndWithout(model: MixableModel<tf.Tensor4D>, site: string) {
  const rng = new Rng(3);
  const x = tf.tensor4d(Float32Array.from({ length: 6 * 64 }, () => rng.next()), [6, 8, 8, 1]);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
  const plan = { ...betaPolicy().plan({ batchSize: 6, rng, sites: model.sites }), site };
  const uncached: MixableModel<tf.Tensor4D> = { ...model, forward: (inp, o) => model.forward(inp, { ...o, stepCache: undefined }) };
  const run = async (m: MixableModel<tf.Tensor4D>) => {
    const r = await mixStep({ model: m, inputs: x, labels: y, plan, mixer: linearMixer, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 7, details: true });
    const grads = Object.fromEntries(Object.entries(r.grads!).map(([k, t]) => [k, Array.from(t.dataSync())]));
    tf.dispose(Object.values(r.grads!));
    return { stats: r.stats, lambdaGrad: Array.from(r.details!.lambdaGrad), mask: Array.from(r.details!.mask), grads };
  };
  const out = [await run(model), await run(uncached)];
  tf.dispose([x, y]);
  return out;
}

describe('the step cache at every site (AMP passes share what precedes the site)', () => {
  it.each([
    ['small CNN', 'block1'],
    ['small CNN', 'block2'],
    ['small CNN', 'input'],
    ['image MLP', 'hidden1'],
    ['image MLP', 'input'],
  ])('%s at %s: the same step as without the cache', async (kind, site) => {
    const before = tf.memory().numTensors;
    const model =
      kind === 'small CNN'
        ? createSmallCnn({ inputShape: [8, 8, 1], channels: [4, 4], numClasses: 3, dropout: 0.2, seed: 5 })
        : createImageMlp({ inputShape: [8, 8, 1], hiddenSizes: [6, 5], numClasses: 3, dropout: 0.2, seed: 5 });
    const [cached, plain] = await stepWithAndWithout(model, site);
    expect(cached.stats).toEqual(plain.stats);
    expect(cached.mask).toEqual(plain.mask);
    expect(cached.lambdaGrad).toEqual(plain.lambdaGrad);
    for (const k of Object.keys(plain.grads)) expect(cached.grads[k], k).toEqual(plain.grads[k]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
