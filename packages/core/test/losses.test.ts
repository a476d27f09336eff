import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OptionError, perExampleLoss, resolveLossName } from '../src/index.js';

// reference values computed in float64 with numpy (see test comments in the design notes)
const logits = [[1, 2, 0.5], [-1, 0, 3]];
const targets = [[0.3, 0.7, 0], [0, 0, 1]];

describe('per-example losses', () => {
  it.each([
    ['softmax-ce', [0.7643687841079447, 0.06588390375742925]],
    ['softmax-bce', [1.3966322749636528, 0.13091443178073586]],
  ] as const)('%s matches hand-computed values', (name, expected) => {
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => perExampleLoss(name, tf.tensor2d(logits), tf.tensor2d(targets)).arraySync());
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates the loss name', () => {
    expect(resolveLossName()).toBe('softmax-ce');
    expect(() => resolveLossName('mse')).toThrow(OptionError);
    expect(() => resolveLossName('mse')).toThrow(/loss: got "mse"; expected one of "softmax-ce", "softmax-bce"/);
  });
});
