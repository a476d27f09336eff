import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng, mixStep, perExampleLoss, resolveAmpOptions, toTargets } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { describe, expect, it } from 'vitest';
import { cutMix } from '../src/index.js';
import { SHAPE, ampStep, boxesAt, createScenario, referenceLoss } from './helpers/scenario.js';

describe('CutMix + AMP on the wasm backend', () => {
  it('computes the same step as the plain-JS reference and trains (gatherRows: no UnsortedSegmentSum needed)', async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const s = createScenario(51);
    const first = await ampStep(s, 4);
    expect(first.stats.skipped).toBe(false);
    expect(maxAbsDiff(first.details!.lossBefore, referenceLoss(s, s.extras.boxes).loss)).toBeLessThan(1e-4);
    expect(maxAbsDiff(first.details!.lossAfter, referenceLoss(s, boxesAt(s, first.details!.lambdaPrime)).loss)).toBeLessThan(1e-4);
    expect(Array.from(first.details!.lambdaGrad).some((g) => g !== 0)).toBe(true);
    tf.dispose(Object.values(first.grads!));

    // a few SGD steps with fresh CutMix plans and AMP lower the unmixed loss of this batch
    const method = cutMix();
    const rng = new Rng(52);
    const amp = resolveAmpOptions({ epsilon: 0.5 });
    const plainLoss = () => tf.tidy(() => tf.mean(perExampleLoss('softmax-ce', s.model.forward(s.x), toTargets(s.y, 3))).dataSync()[0]);
    const start = plainLoss();
    for (let step = 0; step < 25; step++) {
      const plan = method.policy.plan({ batchSize: 5, rng, sites: s.model.sites, inputShape: SHAPE });
      const { grads, stats } = await mixStep({ model: s.model, inputs: s.x, labels: s.y, plan, mixer: method.mixer, amp, rng });
      expect(stats.skipped).toBe(false);
      tf.tidy(() => {
        for (const [name, g] of Object.entries(grads!)) s.model.weights[name].assign(tf.sub(s.model.weights[name], tf.mul(g, 0.2)));
      });
      tf.dispose(Object.values(grads!));
    }
    expect(plainLoss()).toBeLessThan(0.5 * start);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
