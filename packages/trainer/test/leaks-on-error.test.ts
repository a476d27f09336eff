import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, MixableModel, MixMethod } from '@ampmix/core';
import { betaPolicy, linearMix } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { train } from '../src/loop.js';
import type { TrainOptions } from '../src/options.js';
import { blobs, mixup, mlp } from './helpers.js';

// issue 14, item 7: a train() call that fails inside a step leaves no tensor behind
const trainSet = blobs(16, 1);
const devSet = blobs(8, 2);

/** The MLP whose forward calls `hook(call)` (counted from 1) on its logits; the hook may throw or replace them. */
function hooked(hook: (logits: tf.Tensor2D, call: number) => tf.Tensor2D): MixableModel<tf.Tensor> {
  const inner = mlp(4, [8], 0.1);
  let calls = 0;
  return {
    sites: inner.sites, numClasses: inner.numClasses, weights: inner.weights, batchSize: (x) => inner.batchSize(x),
    forward: (x: tf.Tensor, o?: ForwardOptions) => tf.tidy(() => hook(inner.forward(x, o), ++calls)),
    dispose: () => inner.dispose(),
  };
}

const failAt = (n: number) => (logits: tf.Tensor2D, call: number) => {
  if (call === n) throw new Error(`forward failed on call ${n}`);
  return logits;
};

function method(over: Partial<MixMethod>): MixMethod {
  return { ...mixup(), ...over };
}

type Case = [name: string, model: () => MixableModel<tf.Tensor>, extra: () => Partial<TrainOptions<tf.Tensor>>, message: RegExp];

// with AMP a step calls forward 3 times (λ-gradient, Min, training pass); evaluation calls it too
const cases: Case[] = [
  ['the model returns logits of the wrong shape (AMP)', () => hooked((l) => l.slice([0, 0], [-1, 2]) as tf.Tensor2D), () => ({ amp: {} }), /^model returned logits of shape \[4, 2\]; expected \[4, 3\]$/],
  ['the model returns logits of the wrong shape (no mixing)', () => hooked((l) => l.slice([0, 0], [-1, 2]) as tf.Tensor2D), () => ({ method: null }), /^model returned logits of shape \[4, 2\]; expected \[4, 3\]$/],
  ['the forward throws in the first step\'s λ-gradient pass', () => hooked(failAt(1)), () => ({ amp: {} }), /^forward failed on call 1$/],
  ['the forward throws in the third step\'s training pass', () => hooked(failAt(9)), () => ({ amp: {} }), /^forward failed on call 9$/],
  ['the forward throws in a dev evaluation', () => hooked(failAt(7)), () => ({ amp: {}, dev: devSet, evalEvery: 2 }), /^forward failed on call 7$/],
  ['the mixer throws in AMP\'s gradient pass', () => mlp(4), () => ({
    amp: {},
    method: method({ mixer: { name: 'fragile', mix: (h, c) => { const m = linearMix(h, c.partners, c.lambda); if (c.pass === 'gradient') throw new Error('mixer failed'); return m; } } }),
  }), /^mixer failed$/],
  ['the policy throws', () => mlp(4), () => ({ amp: {}, method: method({ policy: { name: 'broken', plan: () => { throw new Error('policy failed'); } } }) }), /^policy failed$/],
  ['the policy returns undefined', () => mlp(4), () => ({ amp: {}, method: method({ policy: { name: 'lazy', plan: () => undefined as never } }) }), /^Invalid plan returned by the policy of method "mixup": got undefined/],
  ['a policy returns an invalid plan at step 2', () => mlp(4), () => {
    const beta = betaPolicy();
    let n = 0;
    return { amp: {}, method: method({ policy: { name: 'late', plan: (ctx) => (++n === 2 ? { ...beta.plan(ctx), site: 'nowhere' } : beta.plan(ctx)) } }) };
  }, /^Invalid plan.site: got "nowhere"; expected one of the model's sites: "input", "hidden1"\.$/],
  ['onBatchEnd throws', () => mlp(4), () => ({ amp: {}, callbacks: { onBatchEnd: (s) => { if (s === 2) throw new Error('callback failed'); } } }), /^callback failed$/],
];

describe('train() leaks no tensor when a step fails', () => {
  it.each(cases)('%s', async (_name, makeModel, extra, message) => {
    const counts: number[] = [];
    for (let k = 0; k < 2; k++) {
      const start = tf.memory().numTensors;
      const model = makeModel();
      await expect(train({ model, train: trainSet, method: mixup(), steps: 4, batchSize: 4, progress: 'none', seed: 5, ...extra() })).rejects.toThrow(message);
      model.dispose();
      counts.push(tf.memory().numTensors - start);
    }
    expect(counts).toEqual([0, 0]);
  });
});
