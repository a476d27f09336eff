import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { betaPolicy, createMlp, mixStep, mixTargets, resolveAmpOptions, Rng, toTargets } from '../src/index.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const runs = { numRuns: 25, seed: 20211107 };

describe('properties of the AMP engine', () => {
  it('with clipping λ\' stays in [0, 1]; the loss is the mean of the larger per-example loss', async () => {
    const model = createMlp({ inputSize: 3, hiddenSizes: [6], numClasses: 3, activation: 'tanh', seed: 3 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        async (batch, epsilon, seed, hidden) => {
          const rng = new Rng(seed);
          const x = tf.tensor2d(Array.from({ length: batch }, () => [rng.normal() * 2, rng.normal(), rng.normal()]));
          const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32');
          const plan = betaPolicy({ alpha: 0.4, site: hidden ? 'hidden1' : 'input' }).plan({ batchSize: batch, rng, sites: model.sites });
          const r = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon }), training: false, details: true });
          const d = r.details!;
          expect(d.lambdaPrime.every((l) => l >= 0 && l <= 1)).toBe(true);
          const larger = Array.from(d.lossBefore, (l, i) => Math.max(l, d.lossAfter[i]));
          expect(r.stats.loss).toBeCloseTo(larger.reduce((s, v) => s + v, 0) / batch, 4);
          // the mask picks ℓ' exactly where it is strictly larger
          d.mask.forEach((m, i) => expect(m).toBe(d.lossAfter[i] > d.lossBefore[i] ? 1 : 0));
          if (r.grads) tf.dispose(Object.values(r.grads));
          tf.dispose([x, labels]);
        },
      ),
      runs,
    );
    model.dispose();
  });

  it('with ε = 0 no example switches (equality keeps ℓ)', async () => {
    const model = createMlp({ inputSize: 3, hiddenSizes: [6], numClasses: 3, seed: 4 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 31 }), async (batch, seed) => {
        const rng = new Rng(seed);
        const x = tf.tensor2d(Array.from({ length: batch }, () => [rng.normal(), rng.normal(), rng.normal()]));
        const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32');
        const plan = betaPolicy().plan({ batchSize: batch, rng, sites: model.sites });
        const r = await mixStep({ model, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0 }), seed: 1, details: true });
        expect(Array.from(r.details!.mask).every((m) => m === 0)).toBe(true);
        expect(r.stats.maskRate).toBe(0);
        if (r.grads) tf.dispose(Object.values(r.grads));
        tf.dispose([x, labels]);
      }),
      runs,
    );
    model.dispose();
  });
});

describe('properties of sampling and targets', () => {
  it('mixed targets sum to 1 for any λ in [0, 1] and any partners (with repeats)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }).chain((b) =>
          fc.tuple(
            fc.constant(b),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: b, maxLength: b }),
            fc.array(fc.integer({ min: 0, max: b - 1 }), { minLength: b, maxLength: b }),
            fc.array(fc.integer({ min: 0, max: 4 }), { minLength: b, maxLength: b }),
          ),
        ),
        ([, lambda, partners, labels]) => {
          const sums = tf.tidy(() =>
            mixTargets(toTargets(tf.tensor1d(labels, 'int32'), 5), tf.tensor1d(partners, 'int32'), tf.tensor1d(lambda)).sum(1).dataSync(),
          );
          sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it('plans replay exactly with a seed, and stay valid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (seed, batch, alpha) => {
          const p = betaPolicy({ alpha });
          const a = p.plan({ batchSize: batch, rng: new Rng(seed), sites: ['input'] });
          const b = p.plan({ batchSize: batch, rng: new Rng(seed), sites: ['input'] });
          expect(a).toEqual(b);
          expect(a.lambda.every((l) => l >= 0 && l <= 1)).toBe(true);
          expect([...a.partners].sort((u, v) => u - v)).toEqual(Array.from({ length: batch }, (_, i) => i));
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});
