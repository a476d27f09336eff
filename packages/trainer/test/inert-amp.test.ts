import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Rng, mixStep } from '@ampmix/core';
import { boxArea, boxAtLambda, cutMix } from '@ampmix/cutmix';
import type { CutMixExtras } from '@ampmix/cutmix';
import { TextDataset, createKimCnn } from '@ampmix/text';
import { wordMixup } from '@ampmix/sentence-mixup';
import { createImageMlp, createSmallCnn } from '@ampmix/vision';
import { loadMnist } from '@ampmix/vision/mnist';
import { resolveTrainOptions, train } from '../src/index.js';
import { blobs, mlp, mixup } from './helpers.js';

let stderr: string[] = [];
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => {
    stderr.push(String(chunk));
    return true;
  }) as typeof process.stderr.write);
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(tf.memory().numTensors).toBe(before);
});
const warnings = () => stderr.filter((l) => l.includes('AMP is inert'));
const mnist = loadMnist({ seed: 0, trainSize: 200, testSize: 10 });

describe('inert-AMP warning, once per run', () => {
  it('appears for a batch of 1 (each example is its own partner: λ never moves)', async () => {
    const model = mlp();
    const r = await train({ model, train: blobs(30, 1), method: mixup(), amp: {}, batchSize: 1, steps: 25, progress: 'none' });
    expect(r.inertAmp).toMatchObject({ reason: 'delta-below-resolution', step: 20, steps: 20, meanAbsDeltaLambda: 0 });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/\[ampmix\] step 20: AMP is inert: over 20 steps in a row λ' equalled λ/);
    model.dispose();
  });

  it('appears for CutMix at ε = 0 (the box never moves by a pixel), in a run shorter than 20 steps', async () => {
    const model = createImageMlp({ numClasses: 10, hiddenSizes: [16], seed: 1 });
    const r = await train({ model, train: mnist.train, method: cutMix(), amp: { epsilon: 0 }, batchSize: 8, steps: 6, progress: 'none' });
    expect(r.inertAmp).toMatchObject({ reason: 'delta-below-resolution', step: 6 });
    expect(r.inertAmp!.meanResolution).toBeGreaterThan(0);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/cutmix's resolution/);
    model.dispose();
  });

  it('does not appear for WordMixup + AMP at its defaults', async () => {
    const rng = new Rng(4);
    const n = 60;
    const L = 8;
    const ids = Int32Array.from({ length: n * L }, () => 2 + rng.int(40));
    const data = new TextDataset(ids, Int32Array.from({ length: n }, (_, i) => i % 3), Int32Array.from({ length: n }, () => L), L, 3);
    const model = createKimCnn({ vocabSize: 42, numClasses: 3, maxLength: L, embeddingDim: 8, numFilters: 4, seed: 2 });
    const r = await train({ model, train: data, method: wordMixup({}), amp: {}, batchSize: 10, steps: 24, progress: 'none' });
    expect(r.inertAmp).toBeNull();
    expect(warnings()).toEqual([]);
    model.dispose();
  });
});

describe('CutMix + AMP at default settings', () => {
  it('changes the pasted area on some examples of an MNIST batch (the text defaults change none)', async () => {
    const model = createSmallCnn({ numClasses: 10, channels: [4, 8], seed: 1 });
    const method = cutMix();
    const ampOf = (amp: object) => resolveTrainOptions({ model, train: mnist.train, method, amp }).amp!;
    const changed = async (amp: ReturnType<typeof ampOf>) => {
      const { inputs, labels } = mnist.train.batch(Array.from({ length: 50 }, (_, i) => i * 4));
      const plan = method.policy.plan({ batchSize: 50, rng: new Rng(9), sites: model.sites, inputShape: [28, 28, 1] });
      const { grads, stats, details } = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp, training: false, details: true });
      if (grads) tf.dispose(Object.values(grads));
      tf.dispose([inputs, labels]);
      const e = plan.extras as unknown as CutMixExtras;
      const moved = e.boxes.filter((b, i) => boxArea(boxAtLambda(e.centres[i], e.sizes[i], plan.lambda[i], details!.lambdaPrime[i], e.imageSize)) !== boxArea(b));
      return { moved: moved.length, maskRate: stats.maskRate };
    };
    const defaults = ampOf({});
    expect(defaults).toMatchObject({ gradScale: 'sum', epsilon: 0.1 });
    const atDefaults = await changed(defaults);
    expect(atDefaults.moved).toBeGreaterThan(0);
    expect(atDefaults.maskRate).toBeGreaterThan(0);
    expect((await changed(ampOf({ gradScale: 'mean', epsilon: 0.002 }))).moved).toBe(0);
    model.dispose();
  });
});
