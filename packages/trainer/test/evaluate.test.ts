import * as tf from '@tensorflow/tfjs';
import { createMlp } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { arrayDataset } from './helpers.js';

const W1 = [[0.5, -1], [1.5, 0.25]];
const b1 = [0.1, -0.2];
const W2 = [[1, -2, 0.5], [-0.5, 1, 2]];
const b2 = [0, 0.3, -0.1];

/** Logits of the 2 → 2 (tanh) → 3 MLP, in float64. */
function logits(x: number[]): number[] {
  const h = [0, 1].map((j) => Math.tanh(x[0] * W1[0][j] + x[1] * W1[1][j] + b1[j]));
  return [0, 1, 2].map((c) => h[0] * W2[0][c] + h[1] * W2[1][c] + b2[c]);
}

describe('evaluate', () => {
  it('returns the error rate and the mean cross-entropy computed by hand, across partial batches', async () => {
    const before = tf.memory().numTensors;
    const rows = [[1, 2], [-1, 0.5], [0.3, -2], [2, -1], [-0.7, -0.4]];
    const labels = [2, 0, 1, 1, 0];
    let wrong = 0;
    let loss = 0;
    rows.forEach((x, i) => {
      const z = logits(x);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      loss += lse - z[labels[i]];
      if (z.indexOf(m) !== labels[i]) wrong += 1;
    });
    // the data set must exercise both right and wrong predictions
    expect(wrong).toBeGreaterThan(0);
    expect(wrong).toBeLessThan(rows.length);
    const model = createMlp({ inputSize: 2, hiddenSizes: [2], numClasses: 3, activation: 'tanh', initialWeights: { W1, b1, W2, b2 } });
    const data = arrayDataset(rows, labels);
    for (const batchSize of [2, 5, 256]) {
      const r = await evaluate(model, data, { batchSize });
      expect(r.error).toBeCloseTo(wrong / rows.length, 12);
      expect(Math.abs(r.loss - loss / rows.length)).toBeLessThan(1e-5);
    }
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a bad batch size', async () => {
    const before = tf.memory().numTensors;
    const model = createMlp({ inputSize: 2, numClasses: 3 });
    await expect(evaluate(model, arrayDataset([[0, 0]], [0]), { batchSize: 0 })).rejects.toThrow(/batchSize: got 0; expected an integer ≥ 1/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
