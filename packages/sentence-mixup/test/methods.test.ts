import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OptionError, Rng } from '@ampmix/core';
import { mixerContract } from '@ampmix/core/testing';
import { senMixup, wordMixup } from '../src/index.js';
import { expectNoTensorLeaks } from './helpers.js';

expectNoTensorLeaks();

const sites = ['word', 'sentence'];
const sample = (shape: number[]) => (rng: Rng) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal()), shape);

describe.each([
  ['word-mixup', wordMixup, 'word', [4, 6, 5]],
  ['sen-mixup', senMixup, 'sentence', [4, 7]],
] as const)('%s', (name, factory, site, shape) => {
  const method = factory();
  // the contract's leak case keeps its own λ tensor alive: tidy reclaims it so the strict count holds
  for (const c of mixerContract({ name, policy: method.policy, mixer: method.mixer, sites, sample: sample([...shape]) })) {
    it(`contract: ${c.name}`, () => tf.tidy(() => void c.run()));
  }

  it(`is named ${name} and always plans at ${site}`, () => {
    expect(method.name).toBe(name);
    expect(method.policy.name).toBe(name);
    const plan = method.policy.plan({ batchSize: 6, rng: new Rng(1), sites });
    expect(plan.site).toBe(site);
    expect([...plan.partners].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(plan.lambda).size).toBe(6);
  });

  it('the mix is λ·h_i + (1 − λ)·h_π(i) (hand-computed)', () => {
    const plan = { lambda: Float32Array.from([0.25, 1]), partners: Int32Array.from([1, 0]), site };
    const out = tf.tidy(() => {
      const h = tf.tensor2d([[1, 2], [5, 10]]);
      return method.mixer.mix(h, { plan, lambda: tf.tensor1d(plan.lambda), partners: tf.tensor1d(plan.partners, 'int32'), pass: 'plan' }).arraySync();
    });
    expect(out).toEqual([[0.25 * 1 + 0.75 * 5, 0.25 * 2 + 0.75 * 10], [5, 10]]);
  });

  it('takes α and granularity; rejects another site and bad options naming them', () => {
    expect(new Set(factory({ granularity: 'batch' }).policy.plan({ batchSize: 5, rng: new Rng(2), sites }).lambda).size).toBe(1);
    expect(factory({ site }).policy.plan({ batchSize: 2, rng: new Rng(2), sites }).site).toBe(site);
    const other = site === 'word' ? 'sentence' : 'word';
    expect(() => factory({ site: other })).toThrow(new RegExp(`Invalid site: got "${other}"; expected "${site}"`));
    expect(() => factory({ alpha: 0 })).toThrow(/Invalid alpha: got 0; expected a finite number > 0/);
    expect(() => factory({ granularity: 'token' } as never)).toThrow(/Invalid granularity/);
    expect(() => factory({ beta: 1 } as never)).toThrow(OptionError);
    expect(() => factory(null as never)).toThrow(/expected an options object/);
  });

  it('fails clearly on a model without its site', () => {
    expect(() => method.policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'] })).toThrow(new RegExp(`Invalid site: got "${site}"; expected one of the model's sites: "input"`));
  });
});
