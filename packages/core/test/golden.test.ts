import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installWasmFastPaths, uninstallWasmFastPaths } from '../src/index.js';
import { parseGoldenJson, runGoldenCases } from '../src/testing/index.js';

const golden = parseGoldenJson(readFileSync(new URL('./fixtures/amp-step-golden.json', import.meta.url), 'utf8'));

describe.each(['cpu', 'wasm', 'wasm+fast-paths'])('AMP golden step on the %s backend', (name) => {
  it('reproduces all 32 autograd cases within 1e-4', async () => {
    await tf.setBackend(name.split('+')[0]);
    await tf.ready();
    if (name.endsWith('+fast-paths')) expect(installWasmFastPaths()).toEqual({ installed: true });
    else uninstallWasmFastPaths();
    const before = tf.memory().numTensors;
    const results = await runGoldenCases(golden);
    expect(results).toHaveLength(32);
    const failing = results.filter((r) => !r.pass).map((r) => `${r.label}: ${JSON.stringify(r.errors)}`);
    expect(failing).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
