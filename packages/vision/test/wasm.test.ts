import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { maxAbsDiff } from '@ampmix/core/testing';
import { createImageMlp, createSmallCnn } from '../src/index.js';

/** One AMP step's gradients (at `site`) on the current backend, read back as arrays. */
async function ampGrads(model: ReturnType<typeof createSmallCnn>, xv: Float32Array, site: string) {
  const x = tf.tensor4d(xv, [4, 28, 28, 1]);
  const y = tf.tensor1d([3, 1, 4, 1], 'int32');
  const plan = { lambda: Float32Array.from([0.2, 0.7, 0.5, 0.9]), partners: Int32Array.from([1, 0, 3, 2]), site };
  const { grads, stats } = await mixStep({ model, inputs: x, labels: y, plan, mixer: linearMixer, amp: resolveAmpOptions({ epsilon: 0.05 }), training: false });
  const out = Object.fromEntries(Object.entries(grads!).map(([k, g]) => [k, g.dataSync().slice()]));
  tf.dispose([...Object.values(grads!), x, y]);
  return { grads: out, loss: stats.loss };
}

describe('the vision models on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the CNN conv filters get the same AMP gradients on wasm as on cpu (input and block1 sites)', async () => {
    const rng = new Rng(1);
    const xv = Float32Array.from({ length: 4 * 784 }, () => rng.next());
    const model = createSmallCnn({ numClasses: 5, channels: [4, 6], seed: 7 });
    const before = tf.memory().numTensors;
    for (const site of ['input', 'block1']) {
      expect(tf.getBackend()).toBe('wasm');
      const onWasm = await ampGrads(model, xv, site);
      await tf.setBackend('cpu');
      const onCpu = await ampGrads(model, xv, site);
      await tf.setBackend('wasm');
      expect(onWasm.loss).toBeCloseTo(onCpu.loss, 4);
      for (const k of Object.keys(model.weights)) {
        const scale = Math.max(1e-3, ...Array.from(onCpu.grads[k], Math.abs));
        expect(maxAbsDiff(onWasm.grads[k], onCpu.grads[k]) / scale).toBeLessThan(1e-3);
      }
      expect(Math.max(...Array.from(onWasm.grads.conv1_W, Math.abs))).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('both models fit a tiny batch with Adam on wasm', async () => {
    const rng = new Rng(2);
    const x = tf.tensor4d(Float32Array.from({ length: 8 * 784 }, () => rng.next()), [8, 28, 28, 1]);
    const y = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
    const before = tf.memory().numTensors;
    for (const model of [createImageMlp({ numClasses: 4, hiddenSizes: [16] }), createSmallCnn({ numClasses: 4, channels: [4, 4] })]) {
      const opt = tf.train.adam(0.01);
      const losses: number[] = [];
      for (let step = 0; step < 30; step++) {
        const { grads, stats } = await mixStep({ model, inputs: x, labels: y });
        losses.push(stats.loss);
        // grads come back under local names; the optimizer wants the variables' global names
        opt.applyGradients(Object.entries(grads!).map(([k, g]) => ({ name: model.weights[k].name, tensor: g })));
        tf.dispose(Object.values(grads!));
      }
      expect(losses[29]).toBeLessThan(0.5 * losses[0]);
      opt.dispose();
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
