import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendError, chooseBackend } from '../src/index.js';

// tfjs-node(-gpu) cannot be installed on these machines; the importer reproduces "not installed"
const realImport = (s: string) => import(s);
const noNative = (s: string) => (s.startsWith('@tensorflow/tfjs-node') ? Promise.reject(new Error(`Cannot find module '${s}'`)) : realImport(s));

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('chooseBackend', () => {
  it('auto falls back past the native backends to wasm and says why in one line', async () => {
    const lines: string[] = [];
    const chosen = await chooseBackend({ log: (l) => lines.push(l), importer: noNative });
    expect(chosen.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/backend: wasm \(fastest available; skipped node-gpu: @tensorflow\/tfjs-node-gpu is not installed/);
  });

  it('an explicit choice is used as asked', async () => {
    const chosen = await chooseBackend({ backend: 'cpu', log: () => {} });
    expect(chosen).toMatchObject({ choice: 'cpu', tfBackend: 'cpu' });
  });

  it('an explicit choice that is unavailable is a clear error', async () => {
    await expect(chooseBackend({ backend: 'node', log: () => {}, importer: noNative })).rejects.toThrow(BackendError);
    await expect(chooseBackend({ backend: 'node', log: () => {}, importer: noNative })).rejects.toThrow(/backend "node" is unavailable: @tensorflow\/tfjs-node is not installed/);
  });

  it('an unknown backend name lists the valid ones', async () => {
    await expect(chooseBackend({ backend: 'gpu' as 'cpu', log: () => {} })).rejects.toThrow(/Invalid backend: got "gpu"; expected one of auto, node-gpu, node, wasm, cpu/);
  });
});
