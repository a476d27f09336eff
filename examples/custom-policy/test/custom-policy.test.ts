import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError, Rng, validatePlan } from '@ampmix/core';
import type { MixPolicy } from '@ampmix/core';
import { ksTest, mixerContract } from '@ampmix/core/testing';
import { otherClassMixup, otherClassPolicy, runCustomPolicyExample } from '../src/index.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const SITES = ['input', 'hidden1'];

describe('the custom policy passes the mixer contract', () => {
  const method = otherClassMixup();
  // The contract calls plan() without labels; a class-aware policy gets them from a small wrapper.
  const withLabels: MixPolicy = {
    name: method.policy.name,
    plan: (ctx) => method.policy.plan({ ...ctx, labels: ctx.labels ?? Int32Array.from({ length: ctx.batchSize }, (_, i) => i % 3) }),
  };
  const cases = mixerContract({
    name: 'other-class mixup',
    policy: withLabels,
    mixer: method.mixer,
    sites: SITES,
    sample: (rng) => tf.tensor4d(Float32Array.from({ length: 4 * 3 * 3 }, () => rng.next()), [4, 3, 3, 1]),
  });
  for (const c of cases) it(c.name, c.run);
});

describe('otherClassPolicy', () => {
  const labels = Int32Array.from([0, 0, 1, 2, 1, 0, 2, 2, 1, 0]);
  const plan = (seed: number, l = labels, options = {}) => otherClassPolicy(options).plan({ batchSize: l.length, rng: new Rng(seed), sites: SITES, labels: l });

  it('pairs every example with a partner of another class, λ in [0.3, 0.7], and valid plans', () => {
    for (let seed = 0; seed < 20; seed++) {
      const p = plan(seed);
      validatePlan(p, labels.length, SITES);
      p.partners.forEach((j, i) => expect(labels[j]).not.toBe(labels[i]));
      p.lambda.forEach((l) => expect(l >= 0.3 && l <= 0.7).toBe(true));
      expect(p.site).toBe('input');
    }
  });

  it('draws λ uniformly on the band (Kolmogorov–Smirnov) and partners uniformly among the other classes', () => {
    const l = Int32Array.from({ length: 3000 }, (_, i) => (i < 1000 ? 0 : 1 + (i % 3)));
    const p = plan(5, l);
    expect(ksTest(p.lambda, (x) => Math.min(1, Math.max(0, (x - 0.3) / 0.4))).pValue).toBeGreaterThan(0.001);
    // example 0 (class 0) has 2000 candidate partners: the first 1000 partners of class-0 examples spread over them
    const counts = [0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[l[p.partners[i]] - 1] += 1;
    counts.forEach((c) => expect(Math.abs(c - 333.3)).toBeLessThan(60)); // ≈ 4 standard deviations
  });

  it('a one-class batch pairs each example with itself (an unmixed, valid plan)', () => {
    const p = plan(1, Int32Array.from([4, 4, 4]));
    expect(Array.from(p.partners)).toEqual([0, 1, 2]);
  });

  it('the same seed gives the same plan', () => {
    expect(Array.from(plan(3).partners)).toEqual(Array.from(plan(3).partners));
    expect(Array.from(plan(3).lambda)).toEqual(Array.from(plan(3).lambda));
  });

  it('errors name the option, the value and the range', () => {
    expect(() => otherClassPolicy({ low: 0.8, high: 0.5 })).toThrow(/Invalid high: got 0.5; expected a number in \[0.8, 1\]/);
    expect(() => otherClassPolicy({ low: -0.1 })).toThrow(/Invalid low: got -0.1; expected a number in \[0, 1\]/);
    expect(() => otherClassPolicy({ band: [0, 1] } as never)).toThrow(/otherClassPolicy option "band"/);
    expect(() => otherClassPolicy().plan({ batchSize: 2, rng: new Rng(0), sites: SITES })).toThrow(/Invalid labels: got undefined; expected the 2 class labels of the batch/);
    expect(() => otherClassPolicy({ site: 'block9' }).plan({ batchSize: 1, rng: new Rng(0), sites: SITES, labels: Int32Array.of(0) })).toThrow(/Invalid site: got "block9"/);
  });
});

describe('the example', () => {
  it('trains MNIST with the custom policy + AMP through the trainer, and a λ = 1.5 policy gets a clear error', async () => {
    const lines: string[] = [];
    const result = await runCustomPolicyExample({ steps: 20, trainSize: 400, testSize: 100, seed: 2, log: (l) => lines.push(l) });
    expect(result.testError).toBeGreaterThanOrEqual(0);
    expect(result.testError).toBeLessThan(0.8); // trained: chance is 0.9
    expect(result.meanAbsDeltaLambda).toBeGreaterThan(0); // AMP perturbed the custom plans
    expect(result.brokenPolicyError).toMatch(/Invalid plan\.lambda\[0\]: got 1\.5; expected a number in \[0, 1\]/);
    expect(lines.join('\n')).toMatch(/other-class Mixup \(λ ∈ \[0.3, 0.7\]\) \+ AMP: test error \d+\.\d\d %/);
  });
});
