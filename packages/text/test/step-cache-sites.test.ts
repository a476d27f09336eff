import * as tf from '@tensorflow/tfjs';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import type { TextModel } from '../src/index.js';
import { FAST_PATH_IDS, FAST_PATH_LABELS, fastPathBiLstm, fastPathModel } from './fast-path-cases.js';

// One AMP step with the model's step cache and the same step through a wrapper that drops `stepCache`.
async function run(model: TextModel, site: string, cached: boolean) {
  const x = tf.tensor2d(FAST_PATH_IDS, undefined, 'int32');
  const y = tf.tensor1d(FAST_PATH_LABELS, 'int32');
  const plan = { ...betaPolicy().plan({ batchSize: FAST_PATH_IDS.length, rng: new Rng(5), sites: model.sites }), site };
  const m: TextModel = cached ? model : { ...model, forward: (ids, o) => model.forward(ids, { ...o, stepCache: undefined }) };
  const r = await mixStep({ model: m, inputs: x, labels: y, plan, mixer: linearMixer, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 3, details: true });
  const grads = Object.fromEntries(Object.entries(r.grads!).map(([k, t]) => [k, Array.from(t.dataSync())]));
  tf.dispose([...Object.values(r.grads!), x, y]);
  return { stats: r.stats, lambdaGrad: Array.from(r.details!.lambdaGrad), mask: Array.from(r.details!.mask), grads };
}

describe('the step cache at every text site', () => {
  it.each([
    ['Kim CNN', fastPathModel, 'sentence'],
    ['Kim CNN', fastPathModel, 'word'],
    ['BiLSTM', fastPathBiLstm, 'sentence'],
    ['BiLSTM', fastPathBiLstm, 'word'],
  ])('%s at %s: the same AMP step as without the cache', async (_, make, site) => {
    const before = tf.memory().numTensors;
    const model = make();
    const cached = await run(model, site, true);
    const plain = await run(model, site, false);
    expect(cached.stats).toEqual(plain.stats);
    expect(cached.mask).toEqual(plain.mask);
    expect(cached.lambdaGrad).toEqual(plain.lambdaGrad);
    expect(plain.lambdaGrad.some((g) => Math.abs(g) > 1e-5)).toBe(true);
    for (const k of Object.keys(plain.grads)) expect(cached.grads[k], k).toEqual(plain.grads[k]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
