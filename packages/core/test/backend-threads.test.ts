import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend, OptionError } from '../src/index.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

// The real shim (@ampmix/core/node) runs in child processes: packages/sentence-mixup/test/wasm-threads.test.ts.
describe('chooseBackend({ threads })', () => {
  it('validates the thread count, naming the option and the range', async () => {
    for (const threads of [0, 5, 1.5]) {
      const e = await chooseBackend({ backend: 'cpu', threads, log: () => {} }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OptionError);
      expect((e as Error).message).toMatch(/threads/);
      expect((e as Error).message).toMatch(/\[1, 4\]/);
    }
  });

  it('prepares the shim before the first wasm initialisation, restores it after, and reports the threads in effect', async () => {
    const calls: string[] = [];
    const shim = (n: number) => {
      calls.push(`prepare ${n}, wasm initialised: ${tf.engine().registry.wasm !== undefined}`);
      return { restore: () => calls.push(`restore, wasm initialised: ${tf.engine().registry.wasm !== undefined}`) };
    };
    const lines: string[] = [];
    const chosen = await chooseBackend({ backend: 'wasm', threads: 2, wasmThreads: shim, log: (l) => lines.push(l) });
    expect(calls).toEqual(['prepare 2, wasm initialised: false', 'restore, wasm initialised: true']);
    // this fake shim patches nothing: the single-threaded build loaded, and the result says so
    expect(chosen).toMatchObject({ choice: 'wasm', threads: 1 });
    expect(lines[0]).toMatch(/; 1 thread\)$/);
  });

  it('says why when the wasm backend is already initialised, without calling the shim', async () => {
    const calls: number[] = [];
    const lines: string[] = [];
    const chosen = await chooseBackend({ backend: 'wasm', threads: 3, wasmThreads: (n) => (calls.push(n), { restore() {} }), log: (l) => lines.push(l) });
    expect(calls).toEqual([]);
    expect(chosen.threads).toBe(1);
    expect(lines[0]).toMatch(/; 1 thread; 3 threads asked for: wasm already started single-threaded\)$/);
  });
});
