import * as tf from '@tensorflow/tfjs';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { createImageMlp, createSmallCnn } from '../src/index.js';

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1e-6 + Math.abs(a[i]) + Math.abs(b[i])));
  return worst;
}

describe('a linear input mix applied after the first linear layer', () => {
  it.each([
    ['image MLP (x·W1)', () => createImageMlp({ inputShape: [8, 8, 1], hiddenSizes: [6], numClasses: 3, dropout: 0.2, seed: 5 }), '6,6'],
    ['small CNN (first convolution)', () => createSmallCnn({ inputShape: [8, 8, 1], channels: [4, 4], numClasses: 3, dropout: 0.2, seed: 5 }), '6,8,8,4'],
  ])('%s gives the same AMP step as mixing the pixels: stats, mask and gradients', async (_, make, mixedShape) => {
    const before = tf.memory().numTensors;
    const model = make();
    const rng = new Rng(3);
    const x = tf.tensor4d(Float32Array.from({ length: 6 * 64 }, () => rng.next()), [6, 8, 8, 1]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const plan = { ...betaPolicy().plan({ batchSize: 6, rng, sites: model.sites }), site: 'input' };
    const shapes: Record<string, number[][]> = { linear: [], pixels: [] };
    const step = async (linear: boolean) => {
      const key = linear ? 'linear' : 'pixels';
      const mixer = { ...linearMixer, linear, mix: (h: tf.Tensor, c: Parameters<typeof linearMixer.mix>[1]) => (shapes[key].push(h.shape), linearMixer.mix(h, c)) };
      const r = await mixStep({ model, inputs: x, labels: y, plan, mixer, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 7, details: true });
      const grads = Object.fromEntries(Object.entries(r.grads!).map(([k, t]) => [k, t.dataSync().slice()]));
      tf.dispose(Object.values(r.grads!));
      return { ...r, grads };
    };
    const fast = await step(true);
    const ref = await step(false);
    expect(shapes.linear.length).toBeGreaterThan(0);
    expect(shapes.linear.every((s) => s.join() === mixedShape)).toBe(true);
    expect(shapes.pixels.every((s) => s.join() === '6,8,8,1')).toBe(true);
    expect(maxRelDiff([fast.stats.loss, fast.stats.lossAfter], [ref.stats.loss, ref.stats.lossAfter])).toBeLessThan(1e-5);
    expect(Array.from(fast.details!.mask)).toEqual(Array.from(ref.details!.mask));
    expect(Array.from(ref.details!.lambdaGrad).some((g) => Math.abs(g) > 1e-4), String(ref.details!.lambdaGrad)).toBe(true);
    expect(maxRelDiff(fast.details!.lambdaGrad, ref.details!.lambdaGrad)).toBeLessThan(1e-4);
    for (const k of Object.keys(ref.grads)) expect(maxRelDiff(fast.grads[k], ref.grads[k]), k).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
