import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import type { TextModel } from '../src/index.js';
import { FAST_PATH_IDS, FAST_PATH_LABELS, fastPathBiLstm, fastPathModel } from './fast-path-cases.js';
import { onBackend } from './helpers.js';

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

// BatchMatMul kernels of one AMP step whose output has `shape`.
async function matMuls(model: TextModel, site: string, cached: boolean, shape: number[]): Promise<number> {
  const info = await tf.profile(async () => {
    await run(model, site, cached);
    return [];
  });
  return info.kernels.filter((k) => k.name === 'BatchMatMul' && JSON.stringify(k.outputShapes[0]) === JSON.stringify(shape)).length;
}

const B = FAST_PATH_IDS.length;
// the first linear map's output: Kim CNN width 1 over L + 2·2 positions; BiLSTM layer 1's projections [B·L, 8H]
// (layer 2's have the same shape and are never shared: its input depends on the mix)
const CASES = [
  ['Kim CNN', fastPathModel, 'sentence', [B * 10, 4], 1],
  ['Kim CNN', fastPathModel, 'word', [B * 10, 4], 1],
  ['BiLSTM', fastPathBiLstm, 'sentence', [B * 6, 24], 3],
  ['BiLSTM', fastPathBiLstm, 'word', [B * 6, 24], 4],
] as const;

describe.each(['cpu', 'wasm'])('the step cache at every text site, on %s', (backend) => {
  onBackend(backend);

  it.each(CASES)('%s at %s: the same AMP step as without the cache, bitwise', async (_, make, site) => {
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

  it.each(CASES)('%s at %s: the first linear map runs once per AMP step (three times uncached)', async (_, make, site, shape, expected) => {
    const model = make();
    const perLayer = expected === 1 ? 1 : 2; // the BiLSTM's second layer has a projection of the same shape
    expect(await matMuls(model, site, false, [...shape])).toBe(3 * perLayer);
    expect(await matMuls(model, site, true, [...shape])).toBe(expected);
    model.dispose();
  });
});
