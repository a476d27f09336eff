import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../src/index.js';

// wasmPaths is applied once, before the wasm backend first starts: this file starts it (its own worker).
const distDir = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;

describe('chooseBackend wasmPaths', () => {
  it('hands the location to setWasmPaths before the backend starts, then says it cannot change it', async () => {
    const given: unknown[] = [];
    const wasm = async () => {
      const mod = await import('@tensorflow/tfjs-backend-wasm');
      return { setWasmPaths: (p: string) => (given.push([p, Boolean((tf.engine().registry as Record<string, unknown>).wasm)]), mod.setWasmPaths(p)) };
    };
    const lines: string[] = [];
    const chosen = await chooseBackend({ backend: 'wasm', wasmPaths: distDir, modules: { wasm }, log: (l) => lines.push(l) });
    expect(given).toEqual([[distDir, false]]);
    expect(chosen).toMatchObject({ choice: 'wasm', wasmBuild: 'simd' });
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);

    const again = await chooseBackend({ backend: 'wasm', wasmPaths: '/elsewhere/', modules: { wasm }, log: (l) => lines.push(l) });
    expect(again.choice).toBe('wasm');
    expect(given).toHaveLength(1);
    expect(lines[1]).toBe('[ampmix] backend: wasm (requested; simd; fast paths on; wasmPaths ignored: wasm already started)');
    await tf.setBackend('cpu');
  });
});
