import * as tf from '@tensorflow/tfjs';
import type { Dataset, MixMethod, MixPlan, MixStepStats } from '@ampmix/core';
import { betaPolicy, linearMixer, OptionError } from '@ampmix/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { train } from '../src/loop.js';
import type { StepMixing, TrainOptions } from '../src/options.js';
import { blobs, mixup, mlp } from './helpers.js';

// issue 14, items 5 and 6: train() validates labels, AMP options and each policy's return value
const trainSet = blobs(12, 1);
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

/** A copy of `data` with other labels (the features are untouched). */
function relabel(data: Dataset<tf.Tensor>, labels: number[], batchLabels?: (idx: number[]) => number[]): Dataset<tf.Tensor> {
  const lab = Int32Array.from(labels);
  return {
    size: data.size,
    numClasses: data.numClasses,
    labels: lab,
    batch(indices) {
      const b = data.batch(indices);
      b.labels.dispose();
      const idx = Array.from(indices);
      return { inputs: b.inputs, labels: tf.tensor1d(batchLabels ? batchLabels(idx) : idx.map((i) => lab[i]), batchLabels ? 'float32' : 'int32') };
    },
  };
}

async function run(extra: Partial<TrainOptions<tf.Tensor>>, steps = 2) {
  const model = mlp(2);
  const begun: number[] = [];
  const stats: MixStepStats[] = [];
  const mixing: StepMixing[] = [];
  try {
    const result = await train({
      model, train: trainSet, method: mixup(), steps, batchSize: 4, progress: 'none', seed: 3,
      callbacks: { onTrainBegin: () => void begun.push(1), onBatchEnd: (_s, st, m) => void (stats.push(st), mixing.push(m)) },
      ...extra,
    });
    return { result, begun, stats, mixing, error: null };
  } catch (e) {
    return { result: null, begun, stats, mixing, error: e as Error };
  } finally {
    model.dispose();
  }
}

describe('train(): labels', () => {
  it.each([
    ['train', 7, 2],
    ['train', -1, 5],
    ['dev', 3, 0],
    ['test', -2, 11],
  ] as const)('refuses %s label %d before training, naming the set, the index and the range', async (set, bad, at) => {
    const labels = Array.from(trainSet.labels);
    labels[at] = bad;
    const r = await run({ [set]: relabel(trainSet, labels) });
    expect(r.error).toBeInstanceOf(OptionError);
    expect(r.error!.message).toBe(`Invalid ${set}.labels[${at}]: got ${bad}; expected an integer class index in [0, 2] (the model has 3 classes).`);
    expect(r.begun).toEqual([]);
  });

  it('refuses a batch whose label tensor holds a fractional label, at that step, naming the batch', async () => {
    const data = relabel(trainSet, Array.from(trainSet.labels), (idx) => idx.map((i) => (i === 5 ? 1.5 : trainSet.labels[i])));
    const r = await run({ train: data, batchSize: 12, steps: 1 });
    expect(r.error!.message).toMatch(/^Invalid train\.batch\(…\)\.labels\[\d+\]: got 1\.5; expected an integer class index in \[0, 2\] \(the model has 3 classes\)\.$/);
    expect(r.stats).toEqual([]);
  });
});

describe('train(): AMP options, one path', () => {
  it('amp: true is refused with the accepted forms; a copy of resolved options is refused', async () => {
    const r = await run({ amp: true as never });
    expect(r.error!.message).toBe(
      "Invalid amp: got true; expected null or false (no AMP), AmpOptions such as {} (the paper's defaults) or { epsilon: 0.002 }, or resolveAmpOptions(…)'s result.",
    );
    const copy = await run({ amp: { epsilon: 1, clip: true, reweightWindow: null, direction: 'adversarial' } as never });
    expect(copy.error!.message).toMatch(/^Invalid amp: got .*; expected resolveAmpOptions\(…\)'s result as returned/);
    expect(r.begun).toEqual([]);
  });

  it('a raw { epsilon: 50 } keeps clipping on', async () => {
    const r = await run({ amp: { epsilon: 50 } });
    expect(r.error).toBeNull();
    expect(r.mixing.every((m) => m.lambdaPrime!.every((l) => l >= 0 && l <= 1))).toBe(true);
    expect(r.stats.some((s) => s.meanAbsDeltaLambda > 0.05)).toBe(true);
  });
});

describe('train(): a policy\'s return value', () => {
  const policyReturning = (value: (ctx: { batchSize: number }) => unknown, name = 'lazy'): MixMethod => ({
    name,
    policy: { name, plan: (ctx) => value(ctx) as MixPlan },
    mixer: linearMixer,
  });

  it('undefined is an error naming the method\'s policy, at the first step', async () => {
    const r = await run({ method: policyReturning(() => undefined), amp: {} });
    expect(r.error).toBeInstanceOf(OptionError);
    expect(r.error!.message).toBe(
      'Invalid plan returned by the policy of method "lazy": got undefined; expected a MixPlan { lambda, partners, site }, or null for a step without mixing.',
    );
    expect(r.begun).toEqual([1]);
    expect(r.stats).toEqual([]);
  });

  it('a promise (an async policy) and a non-plan are errors too', async () => {
    const p = await run({ method: policyReturning(() => Promise.resolve(null), 'async') });
    expect(p.error!.message).toBe(
      'Invalid plan returned by the policy of method "async": got {}; expected a MixPlan { lambda, partners, site }, or null for a step without mixing (returned synchronously: policy.plan() returned a Promise).',
    );
    const n = await run({ method: policyReturning(() => 1, 'one') });
    expect(n.error!.message).toMatch(/^Invalid plan returned by the policy of method "one": got 1; expected a MixPlan/);
  });

  it('null is an explicit "no mix": the step trains unmixed (λ = 1, no AMP), the others mix', async () => {
    const beta = betaPolicy({ alpha: 1 });
    let calls = 0;
    const r = await run({ method: policyReturning((ctx) => (calls++ % 2 ? beta.plan(ctx as never) : null), 'every-other'), amp: { epsilon: 0.5 } }, 4);
    expect(r.error).toBeNull();
    expect(r.mixing.map((m) => m.lambda === null)).toEqual([true, false, true, false]);
    expect(r.stats[0].meanLambda).toBe(1);
    expect(r.stats[0].meanAbsDeltaLambda).toBe(0);
    expect(r.stats[1].meanLambda).toBeLessThan(1);
  });

  it('an invalid plan names the plan\'s field', async () => {
    const r = await run({ method: policyReturning(({ batchSize }) => ({ lambda: new Float32Array(batchSize).fill(2), partners: new Int32Array(batchSize), site: 'input' })) });
    expect(r.error!.message).toBe('Invalid plan.lambda[0]: got 2; expected a number in [0, 1].');
  });
});
