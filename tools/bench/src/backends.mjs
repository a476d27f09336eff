// Activating a tfjs backend by its bench name (through core's chooseBackend, as the trainer does).
import { chooseBackend } from '@ampmix/core';

const CHOICE = { cpu: 'cpu', wasm: 'wasm', node: 'node' };

/**
 * Activates `name` (cpu | wasm | node). Returns { ok: true, tfBackend } or { ok: false, message } when the
 * backend cannot load (e.g. @tensorflow/tfjs-node is not installed).
 */
export async function activateBackend(name) {
  try {
    const chosen = await chooseBackend({ backend: CHOICE[name], log: () => {} });
    return { ok: true, tfBackend: chosen.tfBackend };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
