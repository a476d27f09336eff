import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

/** Absolute path of a file in test/fixtures. */
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The data folder of @ampmix/datasets. */
export const repoDatasets = fileURLToPath(new URL('../../datasets/data/', import.meta.url));

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

/**
 * Runs the enclosing suite on `backend` (core's wasm fast paths installed on wasm, checked), then goes back to
 * cpu without the fast paths.
 */
export function onBackend(backend: string): void {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') expect(installWasmFastPaths().installed).toBe(true);
  });
  afterAll(async () => {
    uninstallWasmFastPaths();
    await tf.setBackend('cpu');
  });
}

/** Rejection of a promise, for asserting on error fields. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

/** max_i |a_i − b_i| / max_i |a_i| (max-norm relative error; plain absolute error when a is all zeros). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxRelDiff: lengths ${a.length} and ${b.length} differ`);
  let err = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    norm = Math.max(norm, Math.abs(a[i]));
  }
  return err / (norm || 1);
}
