import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { MixableModel } from '../src/index.js';
import { betaPolicy, createMlp, createStepCache, linearMix, mixStep, resolveAmpOptions, Rng } from '../src/index.js';

describe('createStepCache', () => {
  it('computes once per key, survives tidy, and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const cache = createStepCache();
    let calls = 0;
    const compute = () => (calls++, tf.add(tf.ones([2]), tf.ones([2])));
    const a = tf.tidy(() => cache.memo('k', compute));
    const b = tf.tidy(() => cache.memo('k', compute));
    expect(a).toBe(b);
    expect(calls).toBe(1);
    expect(Array.from(a.dataSync())).toEqual([2, 2]);
    tf.tidy(() => cache.memo('other', compute));
    expect(cache.size).toBe(2);
    cache.dispose();
    expect(a.isDisposed).toBe(true);
    expect(cache.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('mixStep and the step cache', () => {
  it('shares memo entries between the λ-gradient and Min passes only, recomputes them on the tape, and frees it', async () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(4);
    const mlp = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 3 });
    const seen: string[] = [];
    const model: MixableModel<tf.Tensor> = {
      ...mlp,
      forward: (inp, o) => {
        const logits = tf.tidy(() => {
          const cached = o?.stepCache?.memo('probe', () => tf.scalar(seen.length));
          seen.push(cached ? `cache ${cached.dataSync()[0]}${o?.stepCache?.taped ? ' taped' : ''}` : 'none');
          return mlp.forward(inp, o);
        });
        return logits;
      },
    };
    const x = tf.tensor2d(Array.from({ length: 24 }, () => rng.normal()), [6, 4]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
    const r = await mixStep({ model, inputs: x, labels: y, plan, amp: resolveAmpOptions(), training: false });
    tf.dispose(Object.values(r.grads!));
    // the gradient pass stores 0; the Min pass gets that same tensor back; the training pass computes afresh
    expect(seen).toEqual(['cache 0', 'cache 0', 'cache 2 taped']);
    tf.dispose([x, y]);
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createMlp and the step cache', () => {
  it.each(['hidden1', 'hidden2'])('at %s it stores x·W1 and the layers before the site once and gives the uncached values at any λ', (site) => {
    const before = tf.memory().numTensors;
    const model = createMlp({ inputSize: 4, hiddenSizes: [5, 3], numClasses: 2, dropout: 0.3, seed: 2 });
    const cache = createStepCache();
    tf.tidy(() => {
      const rng = new Rng(1);
      const x = tf.tensor2d(Array.from({ length: 12 }, () => rng.normal()), [3, 4]);
      const p = tf.tensor1d([1, 2, 0], 'int32');
      const at = (l: number[], stepCache?: typeof cache) =>
        Array.from(model.forward(x, { site, partners: p, stepCache, training: true, seed: 4, mix: (h) => linearMix(h, p, tf.tensor1d(l)) }).dataSync());
      for (const l of [[0.2, 0.7, 1], [0.9, 0.1, 0.5]]) {
        const plain = at(l);
        const cached = at(l, cache);
        plain.forEach((v, i) => expect(cached[i]).toBeCloseTo(v, 6));
        expect(cache.size).toBe(2);
      }
    });
    cache.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
