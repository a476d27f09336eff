import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, expect } from 'vitest';

/** Asserts that every test of the file leaves tf.memory().numTensors unchanged. */
export function expectNoTensorLeaks(): void {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });
}
