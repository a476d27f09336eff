import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors.js';
import { installWasmFastPaths, uninstallWasmFastPaths } from './wasm/fast-paths.js';

/** Backend choices, fastest first. `node-gpu` and `node` are the native `tensorflow` backend. */
export const BACKEND_CHOICES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
/** A backend the CLI and examples can pick: `node-gpu`, `node`, `wasm`, `cpu`, or `auto`. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Options of {@link chooseBackend}. */
export interface ChooseBackendOptions {
  /** `auto` (default) tries node-gpu → node → wasm → cpu; a named one must load or it is an error. */
  backend?: BackendChoice | 'auto';
  /** Where the one info line goes; default `console.error`. Pass `() => {}` to silence. */
  log?: (line: string) => void;
  /** Module loader (tests replace it); default dynamic `import()`. */
  importer?: (specifier: string) => Promise<unknown>;
  /** Install the exact wasm speed-ups ({@link installWasmFastPaths}) when wasm is picked; false removes them. Default true. */
  fastPaths?: boolean;
}

/** What {@link chooseBackend} picked, and why. */
export interface ChosenBackend {
  choice: BackendChoice;
  /** The tfjs backend name now active (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  reason: string;
  /** True when the wasm fast paths are in effect (wasm only). */
  fastPaths?: boolean;
}

const MODULES: Record<BackendChoice, { module?: string; tfName: string }> = {
  'node-gpu': { module: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  node: { module: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { tfName: 'cpu' },
};

async function tryLoad(choice: BackendChoice, importer: (s: string) => Promise<unknown>): Promise<string | null> {
  const { module, tfName } = MODULES[choice];
  try {
    if (module) await importer(module);
    if (!(await tf.setBackend(tfName))) return `tf.setBackend('${tfName}') failed`;
    await tf.ready();
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return module ? `${module} is not installed or failed to load (${msg})` : msg;
  }
}

/** Installs the wasm fast paths when asked and logs the one line. */
function announce(chosen: ChosenBackend, options: ChooseBackendOptions, log: (line: string) => void): ChosenBackend {
  if (chosen.choice !== 'wasm') {
    log(`[ampmix] backend: ${chosen.choice} (${chosen.reason})`);
    return chosen;
  }
  if (options.fastPaths === false) uninstallWasmFastPaths();
  const fast = options.fastPaths === false ? { installed: false, reason: 'fastPaths: false' } : installWasmFastPaths();
  const note = fast.installed ? 'fast paths on' : `fast paths off: ${fast.reason}`;
  log(`[ampmix] backend: wasm (${chosen.reason}; ${note})`);
  return { ...chosen, fastPaths: fast.installed };
}

/**
 * Picks and activates the fastest available TensorFlow.js backend. Never called on import: the CLI and
 * examples call it once at start. With `backend: 'auto'`, the order is `@tensorflow/tfjs-node-gpu` →
 * `@tensorflow/tfjs-node` → wasm → cpu; an explicit choice that cannot load throws a {@link BackendError}.
 * Logs one line naming the backend and why. On wasm it installs {@link installWasmFastPaths} (exact; opt out
 * with `fastPaths: false`).
 */
export async function chooseBackend(options: ChooseBackendOptions = {}): Promise<ChosenBackend> {
  const backend = options.backend ?? 'auto';
  const log = options.log ?? ((l: string) => console.error(l));
  const importer = options.importer ?? ((s: string) => import(s));
  if (backend !== 'auto' && !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new BackendError(`Invalid backend: got ${JSON.stringify(backend)}; expected one of auto, ${BACKEND_CHOICES.join(', ')}.`);
  }
  if (backend !== 'auto') {
    const err = await tryLoad(backend, importer);
    if (err) throw new BackendError(`backend "${backend}" is unavailable: ${err}. Available choices: auto, ${BACKEND_CHOICES.join(', ')}.`);
    return announce({ choice: backend, tfBackend: tf.getBackend(), reason: 'requested with --backend' }, options, log);
  }
  const skipped: string[] = [];
  for (const choice of BACKEND_CHOICES) {
    const err = await tryLoad(choice, importer);
    if (!err) {
      const reason = skipped.length ? `fastest available; skipped ${skipped.join('; ')}` : 'fastest available';
      return announce({ choice, tfBackend: tf.getBackend(), reason }, options, log);
    }
    skipped.push(`${choice}: ${err}`);
  }
  throw new BackendError(`no TensorFlow.js backend could be loaded: ${skipped.join('; ')}`);
}
