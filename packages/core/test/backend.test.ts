import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_BACKEND_ORDER, BackendError, chooseBackend } from '../src/index.js';

// tfjs-node(-gpu) cannot be installed on these machines; the importer reproduces "not installed"
const realImport = (s: string) => import(s);
const notFound = (s: string) => Object.assign(new Error(`Cannot find package '${s}' imported from /x`), { code: 'ERR_MODULE_NOT_FOUND' });
const noNative = (s: string) => (s.startsWith('@tensorflow/tfjs-node') ? Promise.reject(notFound(s)) : realImport(s));

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('chooseBackend in Node', () => {
  it('auto falls back past the native backends to wasm and says why in one short line', async () => {
    const lines: string[] = [];
    const chosen = await chooseBackend({ log: (l) => lines.push(l), importer: noNative });
    expect(chosen).toMatchObject({ choice: 'wasm', tfBackend: 'wasm', fastPaths: true });
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toEqual([
      '[ampmix] backend: wasm (auto; skipped node-gpu: @tensorflow/tfjs-node-gpu is not installed, node: @tensorflow/tfjs-node is not installed; simd; fast paths on)',
    ]);
  });

  it('an explicit choice is used as asked', async () => {
    const lines: string[] = [];
    const chosen = await chooseBackend({ backend: 'cpu', log: (l) => lines.push(l) });
    expect(chosen).toMatchObject({ choice: 'cpu', tfBackend: 'cpu', reason: 'requested' });
    expect(lines).toEqual(['[ampmix] backend: cpu (requested)']);
  });

  it('an explicit choice that is unavailable is a short error in the caller\'s terms', async () => {
    const err = await chooseBackend({ backend: 'node', log: () => {}, importer: noNative }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe('backend "node" is unavailable: @tensorflow/tfjs-node is not installed.');
    expect((err as Error).message).not.toMatch(/--/);
  });

  it('a module that fails to load for another reason keeps the first line of why', async () => {
    const importer = () => Promise.reject(new Error('libtensorflow.so: cannot open shared object file\nstack…'));
    await expect(chooseBackend({ backend: 'node-gpu', log: () => {}, importer })).rejects.toThrow(
      'backend "node-gpu" is unavailable: @tensorflow/tfjs-node-gpu failed to load (libtensorflow.so: cannot open shared object file).',
    );
  });

  it('webgl and webgpu need a page', async () => {
    await expect(chooseBackend({ backend: 'webgl', log: () => {} })).rejects.toThrow('backend "webgl" is unavailable: needs a browser.');
    await expect(chooseBackend({ backend: 'webgpu', log: () => {} })).rejects.toThrow('backend "webgpu" is unavailable: needs a browser.');
  });

  it('modules take precedence over the importer', async () => {
    const asked: string[] = [];
    const chosen = await chooseBackend({
      backend: 'wasm',
      log: () => {},
      importer: (s) => (asked.push(s), Promise.reject(new Error('importer used'))),
      modules: { wasm: () => import('@tensorflow/tfjs-backend-wasm') },
    });
    expect(chosen.choice).toBe('wasm');
    expect(asked).toEqual([]);
  });

  it('an unknown backend name lists the valid ones', async () => {
    await expect(chooseBackend({ backend: 'gpu' as 'cpu', log: () => {} })).rejects.toThrow(
      /Invalid backend: got "gpu"; expected one of auto, node-gpu, node, webgpu, webgl, wasm, cpu/,
    );
  });
});

describe('chooseBackend as in a page (environment: browser)', () => {
  it('auto order is webgpu → webgl → wasm → cpu, and no import happens without modules', async () => {
    const asked: string[] = [];
    const lines: string[] = [];
    // webgpu is not bundled (no module, no registered factory); webgl cannot start in Node; wasm comes from modules
    const chosen = await chooseBackend({
      environment: 'browser',
      log: (l) => lines.push(l),
      modules: { wasm: () => (asked.push('wasm'), import('@tensorflow/tfjs-backend-wasm')) },
    });
    expect(AUTO_BACKEND_ORDER.browser).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(chosen.choice).toBe('wasm');
    expect(asked).toEqual(['wasm']);
    expect(lines[0]).toMatch(/^\[ampmix\] backend: wasm \(auto; skipped webgpu: @tensorflow\/tfjs-backend-webgpu is not bundled \(pass modules\.webgpu\), webgl: .+; simd; fast paths on\)$/);
  });

  it('a backend registered by a static import needs no module', async () => {
    await import('@tensorflow/tfjs-backend-wasm'); // as `import '@tensorflow/tfjs-backend-wasm'` in the page
    const chosen = await chooseBackend({ environment: 'browser', backend: 'wasm', log: () => {} });
    expect(chosen.choice).toBe('wasm');
  });

  it('a module backend neither bundled nor registered is a short error', async () => {
    await expect(chooseBackend({ environment: 'browser', backend: 'webgpu', log: () => {} })).rejects.toThrow(
      'backend "webgpu" is unavailable: @tensorflow/tfjs-backend-webgpu is not bundled (pass modules.webgpu).',
    );
  });

  it('the native backends need Node', async () => {
    await expect(chooseBackend({ environment: 'browser', backend: 'node', log: () => {} })).rejects.toThrow('backend "node" is unavailable: needs Node.');
  });
});
