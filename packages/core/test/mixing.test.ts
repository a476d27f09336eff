import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { betaPolicy, gatherRows, linearMix, linearMixer, mixTargets, Rng, ShapeError, toTargets } from '../src/index.js';
import { mixerContract } from '../src/testing/index.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('linearMix and targets', () => {
  it('computes λ·h_i + (1 − λ)·h_π(i) per example', () => {
    const before = tf.memory().numTensors;
    const got = tf.tidy(() =>
      linearMix(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([2, 0, 1], 'int32'), tf.tensor1d([0.25, 1, 0.5])).arraySync() as number[][],
    );
    expect(got[0][0]).toBeCloseTo(0.25 * 1 + 0.75 * 5, 6);
    expect(got[0][1]).toBeCloseTo(0.25 * 2 + 0.75 * 6, 6);
    expect(got[1]).toEqual([3, 4]);
    expect(got[2][0]).toBeCloseTo(0.5 * 5 + 0.5 * 3, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a plan for a different batch size', () => {
    expect(() => linearMix(tf.zeros([3, 2]), tf.tensor1d([0, 1], 'int32'), tf.tensor1d([1, 1]))).toThrow(ShapeError);
  });

  it('mixed one-hot targets sum to 1 and hold λ on the own class', () => {
    const before = tf.memory().numTensors;
    const rows = tf.tidy(() => {
      const y = toTargets(tf.tensor1d([0, 2, 1], 'int32'), 3);
      return mixTargets(y, tf.tensor1d([1, 2, 0], 'int32'), tf.tensor1d([0.7, 0.2, 1])).arraySync();
    });
    expect(rows[0][0]).toBeCloseTo(0.7, 6);
    expect(rows[0][2]).toBeCloseTo(0.3, 6);
    expect(rows[1][2]).toBeCloseTo(0.2, 6);
    expect(rows[1][1]).toBeCloseTo(0.8, 6);
    expect(rows[2]).toEqual([0, 1, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('toTargets rejects a wrong shape with the shape in the message', () => {
    expect(() => toTargets(tf.zeros([2, 4]), 3)).toThrow(/\[batch, 3\].*\[2, 4\]/);
  });
});

describe.each(['cpu', 'wasm'])('gatherRows on %s', (backend) => {
  it('has the gradient of tf.gather, duplicates summed', async () => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const idx = tf.tensor1d([2, 0, 2, 1], 'int32');
    const w = tf.tensor2d([[1, -1], [2, 0.5], [3, 1], [-2, 4]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, idx as tf.Tensor1D), w)))(x);
    // closed form: row 0 gets w[1], row 1 gets w[3], row 2 gets w[0] + w[2]
    expect(g.arraySync()).toEqual([[2, 0.5], [-2, 4], [4, 0]]);
    expect(tf.tidy(() => gatherRows(x, idx as tf.Tensor1D).arraySync())).toEqual([[5, 6], [1, 2], [5, 6], [3, 4]]);
    tf.dispose([x, idx, w, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the contract suite', () => {
  const subject = {
    name: 'linear',
    policy: betaPolicy(),
    mixer: linearMixer,
    sites: ['input'],
    sample: (rng: Rng) => tf.tensor2d(Array.from({ length: 4 }, () => [rng.normal(), rng.normal(), rng.normal()])),
  };
  for (const c of mixerContract(subject)) it(c.name, c.run);

  it('fails a mixer that breaks the contract', async () => {
    const broken = { ...subject, name: 'broken', mixer: { name: 'broken', mix: (h: tf.Tensor) => tf.mul(h, 0.5) } };
    const failures: string[] = [];
    for (const c of mixerContract(broken)) {
      try {
        await c.run();
      } catch {
        failures.push(c.name);
      }
    }
    expect(failures.some((n) => n.includes('λ = 1'))).toBe(true);
    expect(failures.some((n) => n.includes('finite differences'))).toBe(true);
  });
});
