import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MixStepArgs } from '../src/index.js';
import { betaPolicy, createMlp, mixStep, OptionError, perExampleLoss, resolveAmpOptions, Rng } from '../src/index.js';
import { maxAbsDiff } from '../src/testing/index.js';
import { randomBatch } from './helpers.js';

// issue 14, item 5: mixStep validates every argument at the boundary, before any tensor is made
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

function setup(batch = 6) {
  const rng = new Rng(4);
  const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, activation: 'tanh', seed: 1 });
  const x = tf.tensor2d(randomBatch(rng, batch, 4));
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32');
  const plan = betaPolicy().plan({ batchSize: batch, rng, sites: model.sites });
  const base: MixStepArgs<tf.Tensor> = { model, inputs: x, labels, plan, training: false };
  return { model, x, labels, plan, base, dispose: () => (tf.dispose([x, labels]), model.dispose()) };
}

async function rejection(args: unknown): Promise<Error> {
  const e = await mixStep(args as MixStepArgs<tf.Tensor>).then(
    (r) => {
      if (r.grads) tf.dispose(Object.values(r.grads));
      return null;
    },
    (err: Error) => err,
  );
  if (!e) throw new Error('mixStep accepted the arguments');
  return e;
}

describe('mixStep argument validation', () => {
  it('refuses unknown keys, naming the key and the known ones', async () => {
    const s = setup();
    const e = await rejection({ ...s.base, plan: undefined, plann: s.plan });
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toMatch(/^Invalid mixStep option "plann": got "plann"; expected one of "model", "inputs", "labels", "plan",/);
    expect((await rejection({ ...s.base, epsilon: 0.1 })).message).toMatch(/mixStep option "epsilon"/);
    s.dispose();
  });

  it('refuses an unknown loss name instead of computing softmax-bce', async () => {
    const s = setup();
    const e = await rejection({ ...s.base, loss: 'softmax-cee' });
    expect(e.message).toBe('Invalid loss: got "softmax-cee"; expected one of "softmax-ce", "softmax-bce".');
    const logits = tf.zeros([2, 3]) as tf.Tensor2D;
    const targets = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    expect(() => perExampleLoss('softmax-cee' as 'softmax-ce', logits, targets)).toThrow(/Invalid loss: got "softmax-cee"/);
    tf.dispose([logits, targets]);
    s.dispose();
  });

  it('resolves raw AMP options through resolveAmpOptions: a raw { epsilon: 50 } keeps clipping on', async () => {
    const s = setup();
    const raw = await mixStep({ ...s.base, amp: { epsilon: 50 }, details: true });
    const resolved = await mixStep({ ...s.base, amp: resolveAmpOptions({ epsilon: 50 }), details: true });
    expect(raw.details!.lambdaPrime.every((l) => l >= 0 && l <= 1)).toBe(true);
    expect(maxAbsDiff(raw.details!.lambdaPrime, resolved.details!.lambdaPrime)).toBe(0);
    expect(raw.stats.meanAbsDeltaLambda).toBeGreaterThan(0.05); // ε = 50 did move λ
    expect(raw.stats).toEqual(resolved.stats);
    // {} is the paper's defaults (ε = 0.002, clipped)
    const empty = await mixStep({ ...s.base, amp: {}, details: true });
    const defaults = await mixStep({ ...s.base, amp: resolveAmpOptions(), details: true });
    expect(empty.stats).toEqual(defaults.stats);
    expect(empty.stats.meanAbsDeltaLambda).toBeGreaterThan(0);
    for (const r of [raw, resolved, empty, defaults]) tf.dispose(Object.values(r.grads!));
    s.dispose();
  });

  it('refuses invalid AMP options with the option, the value and the range', async () => {
    const s = setup();
    expect((await rejection({ ...s.base, amp: { epsilon: -1 } })).message).toBe('Invalid epsilon: got -1; expected a finite number ≥ 0.');
    expect((await rejection({ ...s.base, amp: { epsilion: 1 } })).message).toMatch(/^Invalid amp option "epsilion"/);
    expect((await rejection({ ...s.base, amp: true })).message).toBe(
      'Invalid amp: got true; expected null or false (no AMP), AmpOptions such as {} (the paper\'s defaults) or { epsilon: 0.002 }, or resolveAmpOptions(…)\'s result.',
    );
    // a copy or an edit of resolved options did not go through resolveAmpOptions
    const copy = { ...resolveAmpOptions(), epsilon: -1 };
    const copyMessage = (await rejection({ ...s.base, amp: copy })).message;
    expect(copyMessage).toMatch(/^Invalid amp: got \{"epsilon":-1,"clip":true,"reweightWindow":null,"direction":"adversarial",/);
    expect(copyMessage).toMatch(/; expected resolveAmpOptions\(…\)'s result as returned \(a copy or an edited object is not\), or raw AmpOptions such as \{ epsilon: 0\.002 \}\.$/);
    expect(() => ((resolveAmpOptions() as { epsilon: number }).epsilon = 5)).toThrow(TypeError);
    s.dispose();
  });

  it('refuses class indices outside [0, C) and fractional ones', async () => {
    const s = setup();
    for (const [values, dtype, bad, i] of [
      [[0, 1, 7, 0, 1, 2], 'int32', '7', 2],
      [[0, -1, 2, 0, 1, 2], 'int32', '-1', 1],
      [[0, 1, 2, 0, 1.5, 2], 'float32', '1.5', 4],
      [[0, 1, 2, 0, Number.NaN, 2], 'float32', 'NaN', 4],
    ] as const) {
      const labels = tf.tensor1d(values as unknown as number[], dtype);
      const e = await rejection({ ...s.base, labels });
      expect(e.message).toBe(`Invalid labels[${i}]: got ${bad}; expected an integer class index in [0, 2] (the model has 3 classes).`);
      labels.dispose();
    }
    s.dispose();
  });

  it('accepts soft targets whose rows sum to 1, refuses others', async () => {
    const s = setup(3);
    const good = tf.tensor2d([[0.2, 0.8, 0], [1, 0, 0], [1 / 3, 1 / 3, 1 / 3]]);
    const r = await mixStep({ ...s.base, labels: good });
    tf.dispose(Object.values(r.grads!));
    const cases: [number[][], RegExp][] = [
      [[[0.2, 0.7, 0], [1, 0, 0], [0, 0, 1]], /^Invalid labels\[0\]: got \[0\.2, 0\.7, 0\]; expected values ≥ 0 summing to 1 ± 0\.0001 \(a soft-target row; this one sums to 0\.9\)\.$/],
      [[[1, 0, 0], [1.5, -0.5, 0], [0, 0, 1]], /^Invalid labels\[1\]: got \[1\.5, -0\.5, 0\]; expected values ≥ 0 summing to 1 ± 0\.0001 \(a soft-target row; this one sums to 1\)\.$/],
      [[[1, 0, 0], [0, 1, 0], [Number.NaN, 0, 1]], /^Invalid labels\[2\]: got \[NaN, 0, 1\]/],
    ];
    for (const [rows, message] of cases) {
      const labels = tf.tensor2d(rows);
      expect((await rejection({ ...s.base, labels })).message).toMatch(message);
      labels.dispose();
    }
    const ints = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]], undefined, 'int32');
    // an int32 one-hot matrix is soft targets too
    const ri = await mixStep({ ...s.base, labels: ints });
    tf.dispose(Object.values(ri.grads!));
    tf.dispose([good, ints]);
    s.dispose();
  });

  it('refuses labels that are not a tensor, and plans, mixers and flags of the wrong type', async () => {
    const s = setup();
    expect((await rejection({ ...s.base, labels: [0, 1, 2, 0, 1, 2] })).message).toBe(
      'Invalid labels: got [0, 1, 2, 0, 1, 2]; expected a tf.Tensor of [batch] class indices or [batch, numClasses] soft targets.',
    );
    expect((await rejection({ ...s.base, plan: 0 })).message).toBe('Invalid plan: got 0; expected a MixPlan { lambda, partners, site }, or null (no mixing).');
    expect((await rejection({ ...s.base, mixer: { name: 'x' } })).message).toMatch(/^Invalid mixer: got \{"name":"x"\}; expected a Mixer \{ name, mix\(h, context\) \}/);
    expect((await rejection({ ...s.base, training: 'yes' })).message).toBe('Invalid training: got "yes"; expected true or false.');
    expect((await rejection({ ...s.base, details: 1 })).message).toBe('Invalid details: got 1; expected true or false.');
    expect((await rejection({ ...s.base, seed: 1.5 })).message).toBe('Invalid seed: got 1.5; expected an integer in [0, 4294967295].');
    expect((await rejection({ ...s.base, model: { forward: () => null } })).message).toMatch(/^Invalid model: .*expected a MixableModel/);
    expect((await rejection({ ...s.base, rng: 3 })).message).toMatch(/^Invalid rng: got 3; expected an Rng/);
    expect((await rejection(null)).message).toBe('Invalid mixStep options: got null; expected an options object.');
    s.dispose();
  });
});
