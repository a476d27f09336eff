import * as tf from '@tensorflow/tfjs';
import { createSmallCnn } from '@ampmix/vision';
import { describe, expect, it } from 'vitest';
import { exportWeights, importWeights } from '../src/model-file.js';

describe('the downloaded model file (tf.io weights format)', () => {
  it('round-trips: weights exported from one model load into a fresh one with the same options', async () => {
    const before = tf.memory().numTensors;
    const a = createSmallCnn({ numClasses: 10, channels: [4, 8], seed: 1 });
    const b = createSmallCnn({ numClasses: 10, channels: [4, 8], seed: 2 });
    try {
      const { json, bin } = await exportWeights(a, { task: 'mnist-input-mixup', seed: 1 });
      expect(json.format).toBe('ampmix-weights/1');
      expect(json.weightsManifest[0].weights.map((w) => w.name).sort()).toEqual(Object.keys(a.weights).sort());
      const total = Object.values(a.weights).reduce((n, v) => n + v.size * 4, 0);
      expect(bin.byteLength).toBe(total);
      // what a user does: tf.io's own decoder over the two files
      const decoded = tf.io.decodeWeights(bin, json.weightsManifest[0].weights);
      for (const [name, v] of Object.entries(a.weights)) expect(Array.from(decoded[name].dataSync())).toEqual(Array.from(v.dataSync()));
      tf.dispose(decoded);
      importWeights(b, JSON.parse(JSON.stringify(json)), bin);
      for (const [name, v] of Object.entries(a.weights)) expect(Array.from(b.weights[name].dataSync())).toEqual(Array.from(v.dataSync()));
      const other = createSmallCnn({ numClasses: 10, channels: [4, 4], seed: 1 });
      expect(() => importWeights(other, json, bin)).toThrow(/weights: \S+ has shape \[.+\]; the model needs \[.+\]/);
      other.dispose();
    } finally {
      a.dispose();
      b.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
