import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageMlpLikeModel } from './helpers/tiny-model.js';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import type { MixMethod } from '@ampmix/core';
import { recordLambdas } from '../../src/report/lambda-recorder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('recordLambdas', () => {
  it("records every plan's λ and AMP's λ' and mixes exactly like the wrapped method", async () => {
    const model = createImageMlpLikeModel();
    const method: MixMethod = { name: 'toy', policy: betaPolicy(), mixer: linearMixer };
    const rec = recordLambdas(method, 10);
    const before = tf.memory().numTensors;
    const inputs = tf.tensor2d([[1, 0], [0, 1], [1, 1], [0.5, -1]]);
    const labels = tf.tensor1d([0, 1, 1, 0], 'int32');
    const plan = rec.method.policy.plan({ batchSize: 4, rng: new Rng(7), sites: model.sites });
    const same = method.policy.plan({ batchSize: 4, rng: new Rng(7), sites: model.sites });
    expect(Array.from(plan.lambda)).toEqual(Array.from(same.lambda));
    const amp = resolveAmpOptions({ epsilon: 0.5 });
    const a = await mixStep({ model, inputs, labels, plan, mixer: rec.method.mixer, amp, details: true, training: false });
    const b = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp, details: true, training: false });
    expect(a.stats.loss).toBe(b.stats.loss);
    for (const g of [...Object.values(a.grads!), ...Object.values(b.grads!)]) g.dispose();
    // expected counts, computed from the plan and the engine's own λ'
    const expectCounts = (values: ArrayLike<number>) => {
      const c = new Array(10).fill(0);
      for (const v of Array.from(values)) c[Math.min(9, Math.floor(v * 10))]++;
      return c;
    };
    expect(rec.histograms.steps).toBe(1);
    expect(rec.histograms.lambda.counts).toEqual(expectCounts(plan.lambda));
    expect(rec.histograms.lambdaPrime.counts).toEqual(expectCounts(a.details!.lambdaPrime));
    inputs.dispose();
    labels.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('recordLambdas wrapping', () => {
  it('keeps the mixer and policy properties of the original (e.g. surrogateGradient)', () => {
    const mixer = { name: 'soft', surrogateGradient: true, mix: (h: tf.Tensor) => h };
    const rec = recordLambdas({ name: 'm', policy: betaPolicy(), mixer });
    expect(rec.method.mixer.surrogateGradient).toBe(true);
    expect(rec.method.mixer.name).toBe('soft');
    expect(rec.method.policy.name).toBe('beta');
    expect(rec.method.name).toBe('m');
  });
});
