import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MixableModel } from '../src/index.js';
import {
  betaPolicy,
  createMlp,
  createStepCache,
  installWasmFastPaths,
  linearMixer,
  mixStep,
  resolveAmpOptions,
  Rng,
  sharedMatMul,
  uninstallWasmFastPaths,
} from '../src/index.js';

const uniform = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => 2 * rng.next() - 1);

// Counts the kernels of `f` whose name and output shape match.
async function countKernels(f: () => Promise<unknown>, name: string, shape: number[]): Promise<number> {
  const info = await tf.profile(async () => {
    await f();
    return [];
  });
  return info.kernels.filter((k) => k.name === name && JSON.stringify(k.outputShapes[0]) === JSON.stringify(shape)).length;
}

describe.each(['cpu', 'wasm'])('on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') expect(installWasmFastPaths().installed).toBe(true);
  });
  afterAll(async () => {
    uninstallWasmFastPaths();
    await tf.setBackend('cpu');
  });

  describe.each([true, false])('sharedMatMul (a needs a gradient: %s)', (aGradient) => {
    it('computes a·b once across the untaped and taped passes, with the gradients of tf.matMul bitwise', () => {
      const before = tf.memory().numTensors;
      const rng = new Rng(7);
      const a = tf.tidy(() => tf.variable(tf.tensor2d(uniform(rng, 12 * 9), [12, 9])));
      const b = tf.tidy(() => tf.variable(tf.tensor2d(uniform(rng, 9 * 5), [9, 5])));
      const w = tf.tensor2d(uniform(rng, 12 * 5), [12, 5]);
      const loss = (y: tf.Tensor) => tf.sum(tf.mul(tf.tanh(y), w)) as tf.Scalar;
      const vars = aGradient ? [a, b] : [b];
      const plain = tf.variableGrads(() => loss(tf.matMul(aGradient ? a : tf.add(a, 0), b)), vars);

      const cache = createStepCache();
      let calls = 0;
      const aThunk = () => (calls++, aGradient ? (a as tf.Tensor as tf.Tensor2D) : (tf.add(a, 0) as tf.Tensor2D));
      const untaped = tf.tidy(() => Array.from(sharedMatMul(cache, 'ab', aThunk, () => b as tf.Tensor as tf.Tensor2D, { aGradient }).dataSync()));
      tf.tidy(() => sharedMatMul(cache, 'ab', aThunk, () => b as tf.Tensor as tf.Tensor2D, { aGradient })); // a hit: no a() call
      expect(calls).toBe(1);
      expect(untaped).toEqual(tf.tidy(() => Array.from(tf.matMul(a, b).dataSync())));
      cache.enterTrainingPass();
      const shared = tf.variableGrads(() => loss(sharedMatMul(cache, 'ab', aThunk, () => b as tf.Tensor as tf.Tensor2D, { aGradient })), vars);
      expect(cache.size).toBe(1);
      expect(Array.from(shared.value.dataSync())).toEqual(Array.from(plain.value.dataSync()));
      for (const v of vars) expect(Array.from(shared.grads[v.name].dataSync()), v.name).toEqual(Array.from(plain.grads[v.name].dataSync()));
      tf.dispose([plain.value, shared.value, ...Object.values(plain.grads), ...Object.values(shared.grads)]);
      cache.dispose();
      tf.dispose([a, b, w]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('a miss in the training pass is computed inside the op, with the right gradient', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(3);
    const a = tf.tidy(() => tf.variable(tf.tensor2d(uniform(rng, 6), [2, 3])));
    const b = tf.tidy(() => tf.variable(tf.tensor2d(uniform(rng, 6), [3, 2])));
    const cache = createStepCache();
    cache.enterTrainingPass();
    const shared = tf.variableGrads(() => tf.sum(tf.square(sharedMatMul(cache, 'k', () => a as tf.Tensor as tf.Tensor2D, () => b as tf.Tensor as tf.Tensor2D))) as tf.Scalar);
    const plain = tf.variableGrads(() => tf.sum(tf.square(tf.matMul(a, b))) as tf.Scalar);
    for (const k of Object.keys(plain.grads)) expect(Array.from(shared.grads[k].dataSync())).toEqual(Array.from(plain.grads[k].dataSync()));
    tf.dispose([plain.value, shared.value, ...Object.values(plain.grads), ...Object.values(shared.grads)]);
    cache.dispose();
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe.each(['input', 'hidden1'])('an MLP AMP step mixing at %s', (site) => {
    const model = () => createMlp({ inputSize: 20, hiddenSizes: [16, 8], numClasses: 3, dropout: 0.2, seed: 5 });
    const data = () => {
      const rng = new Rng(11);
      return { x: tf.tensor2d(uniform(rng, 10 * 20), [10, 20]), y: tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32') };
    };
    const step = async (m: MixableModel<tf.Tensor>, cached: boolean) => {
      const { x, y } = data();
      const plan = { ...betaPolicy().plan({ batchSize: 10, rng: new Rng(2), sites: m.sites }), site };
      const mm: MixableModel<tf.Tensor> = cached ? m : { ...m, forward: (inp, o) => m.forward(inp, { ...o, stepCache: undefined }) };
      const r = await mixStep({ model: mm, inputs: x, labels: y, plan, mixer: linearMixer, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 9, details: true });
      const grads = Object.fromEntries(Object.entries(r.grads!).map(([k, t]) => [k, Array.from(t.dataSync())]));
      tf.dispose([...Object.values(r.grads!), x, y]);
      return { stats: r.stats, mask: Array.from(r.details!.mask), grads };
    };

    it('gives the uncached step bitwise, without leaks', async () => {
      const before = tf.memory().numTensors;
      const m = model();
      const cached = await step(m, true);
      const plain = await step(m, false);
      expect(cached.stats).toEqual(plain.stats);
      expect(cached.mask).toEqual(plain.mask);
      for (const k of Object.keys(plain.grads)) expect(cached.grads[k], k).toEqual(plain.grads[k]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('computes x·W1 once per step (the uncached step three times)', async () => {
      const m = model();
      const count = (cached: boolean) => countKernels(() => step(m, cached), 'BatchMatMul', [10, 16]);
      // x·W1 is [10, 16]; with the cache only the training pass's dy·W2ᵀ ([10, 16] too) remains beside it
      const plain = await count(false);
      const cached = await count(true);
      expect(plain - cached).toBe(2);
      m.dispose();
    });
  });
});
