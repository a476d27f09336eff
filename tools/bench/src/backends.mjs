// Activating a tfjs backend by its bench name (through core's chooseBackend, as the trainer does).
import { chooseBackend } from '@ampmix/core';

/**
 * Activates `name` (cpu | wasm | node). On wasm, `fastPaths` (default true, as chooseBackend) installs core's
 * wasm fast paths; false uninstalls them (the stock tfjs kernels and gradients); `threads` > 1 loads wasm's threaded
 * SIMD build (chooseBackend's opt-in; the wasm backend initialises once per process, so the first call decides). Returns
 * { ok: true, tfBackend, fastPaths } or { ok: false, message } when the backend cannot load (e.g.
 * @tensorflow/tfjs-node is not installed).
 */
export async function activateBackend(name, { fastPaths = true, threads = 1 } = {}) {
  try {
    const chosen = await chooseBackend({ backend: name, fastPaths, ...(name === 'wasm' && threads > 1 ? { threads } : {}), log: () => {} });
    return { ok: true, tfBackend: chosen.tfBackend, fastPaths: chosen.fastPaths ?? false };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

