import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendError, chooseBackend } from '../src/index.js';

// A wrong wasmPaths prefix makes the wasm backend fail to start (proof the location is used). Own worker:
// tfjs-backend-wasm cannot be re-initialised after that.
describe('chooseBackend wasmPaths (wrong location)', () => {
  it('the wasm backend does not start and the error says so', async () => {
    const err = await chooseBackend({
      backend: 'wasm',
      wasmPaths: '/nonexistent-ampmix-wasm-dir/',
      modules: { wasm: () => import('@tensorflow/tfjs-backend-wasm') },
      log: () => {},
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe('backend "wasm" is unavailable: could not start wasm (check wasmPaths).');
    await tf.setBackend('cpu');
  });
});
