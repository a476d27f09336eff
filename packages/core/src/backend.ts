import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors.js';

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
}

/** What {@link chooseBackend} picked, and why. */
export interface ChosenBackend {
  choice: BackendChoice;
  /** The tfjs backend name now active (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  reason: string;
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

/**
 * Picks and activates the fastest available TensorFlow.js backend. Never called on import: the CLI and
 * examples call it once at start. With `backend: 'auto'`, the order is `@tensorflow/tfjs-node-gpu` →
 * `@tensorflow/tfjs-node` → wasm → cpu; an explicit choice that cannot load throws a {@link BackendError}.
 * Logs one line naming the backend and why.
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
    const chosen = { choice: backend, tfBackend: tf.getBackend(), reason: 'requested with --backend' };
    log(`[ampmix] backend: ${backend} (${chosen.reason})`);
    return chosen;
  }
  const skipped: string[] = [];
  for (const choice of BACKEND_CHOICES) {
    const err = await tryLoad(choice, importer);
    if (!err) {
      const reason = skipped.length ? `fastest available; skipped ${skipped.join('; ')}` : 'fastest available';
      log(`[ampmix] backend: ${choice} (${reason})`);
      return { choice, tfBackend: tf.getBackend(), reason };
    }
    skipped.push(`${choice}: ${err}`);
  }
  throw new BackendError(`no TensorFlow.js backend could be loaded: ${skipped.join('; ')}`);
}
