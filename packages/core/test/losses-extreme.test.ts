import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { perExampleLoss } from '../src/index.js';
import type { LossName } from '../src/index.js';

// Float64 closed forms, independent of the tfjs code: log p_c = z_c − lse(z), log(1 − p_c) = lse(z without z_c) − lse(z).
const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m === -Infinity ? -Infinity : m + Math.log(v.reduce((s, z) => s + Math.exp(z - m), 0));
};
const without = (v: number[], c: number) => v.filter((_, k) => k !== c);

function reference(name: LossName, z: number[], y: number[]): { loss: number; grad: number[] } {
  const L = lse(z);
  const logP = z.map((zc) => zc - L);
  const p = logP.map(Math.exp);
  if (name === 'softmax-ce') {
    const ySum = y.reduce((s, t) => s + t, 0);
    // ∂/∂z_k of −Σ y_c log p_c = p_k·Σy − y_k
    return { loss: -y.reduce((s, t, c) => s + t * logP[c], 0), grad: p.map((pk, k) => pk * ySum - y[k]) };
  }
  const log1mP = z.map((_, c) => lse(without(z, c)) - L);
  // ∂ log(1 − p_c)/∂z_k = −p_c/(1 − p_c)·(δ_ck − p_k): −p_c for k = c, exp(z_c − lse(z without z_c) + log p_k) otherwise
  // (each term formed in log space, so nothing cancels)
  const dLog1mP = (c: number, k: number) => (k === c ? -p[c] : Math.exp(z[c] - lse(without(z, c)) + logP[k]));
  const grad = z.map((_, k) => -z.reduce((s, _z, c) => s + y[c] * ((c === k ? 1 : 0) - p[k]) + (1 - y[c]) * dLog1mP(c, k), 0));
  return { loss: -y.reduce((s, t, c) => s + t * logP[c] + (1 - t) * log1mP[c], 0), grad };
}

// rows: a class whose target is below 1 leads by 0…200 logits, ties, and a 50-class row
const rows: { z: number[]; y: number[] }[] = [
  { z: [1, 2, 0.5], y: [0.3, 0.7, 0] },
  { z: [17.5, 0, 0.2], y: [0.4, 0.6, 0] },
  { z: [40, -1, 0], y: [0, 1, 0] },
  { z: [100, 0, 3], y: [0.5, 0, 0.5] },
  { z: [0, 200, 1], y: [0.9, 0.1, 0] },
  { z: [30, 30, -5], y: [0, 0, 1] },
  { z: [-80, 25, -80], y: [0, 1, 0] },
  { z: Array.from({ length: 50 }, (_, k) => (k === 7 ? 60 : Math.sin(k) * 3)), y: Array.from({ length: 50 }, (_, k) => (k === 3 ? 0.8 : k === 9 ? 0.2 : 0)) },
];

describe.each(['cpu', 'wasm'])('losses at float32 extremes on the %s backend', (backend) => {
  it.each(['softmax-bce', 'softmax-ce'] as const)('%s: finite values and gradients match the float64 closed form', async (name) => {
    await tf.setBackend(backend);
    await tf.ready();
    const before = tf.memory().numTensors;
    for (const { z, y } of rows) {
      const want = reference(name, z, y);
      const zT = tf.tensor2d([z]);
      const yT = tf.tensor2d([y]);
      const loss = tf.tidy(() => perExampleLoss(name, zT, yT).dataSync()[0]);
      const grad = tf.tidy(() => Array.from(tf.grad((l: tf.Tensor) => tf.sum(perExampleLoss(name, l as tf.Tensor2D, yT)))(zT).dataSync()));
      tf.dispose([zT, yT]);
      expect(Number.isFinite(loss)).toBe(true);
      // float32 relative accuracy of a value of that size
      expect(Math.abs(loss - want.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want.loss)));
      grad.forEach((g, k) => expect(Math.abs(g - want.grad[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(want.grad[k]))));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('softmax-bce where p_c rounds to 1 in float32: 63.906…, not +∞ (the issue-18 example)', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const z = [64, 0, 0.1];
    const y = [0, 1, 0];
    const want = reference('softmax-bce', z, y).loss;
    const got = tf.tidy(() => perExampleLoss('softmax-bce', tf.tensor2d([z]), tf.tensor2d([y])).dataSync()[0]);
    expect(want).toBeGreaterThan(63);
    expect(Math.abs(got - want)).toBeLessThan(1e-4);
  });
});
