import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors.js';
import { integerAtLeast } from './validate.js';
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
  /**
   * XNNPACK threads of the wasm backend, 1–4. Default 1: the single-threaded SIMD build tfjs uses in Node.
   * Above 1 (opt-in; measure first: on a loaded machine no speed-up shows) the threaded SIMD build is loaded in
   * Node through `@ampmix/core/node`'s {@link WasmThreadsShim} (same values as one thread). It takes effect only
   * when this call initialises the wasm backend (not after an earlier `tf.setBackend('wasm')`); `ChosenBackend.threads`
   * says what is in effect. In a browser tfjs picks the threaded build itself when the page is cross-origin isolated.
   */
  threads?: number;
  /** The Node shim that loads the threaded build (default: `prepareWasmThreads` of `@ampmix/core/node`, through `importer`). */
  wasmThreads?: WasmThreadsShim;
}

/** Prepares the next wasm initialisation for `threads` threads; `restore()` undoes its temporary patches. */
export type WasmThreadsShim = (threads: number) => { restore(): void } | Promise<{ restore(): void }>;

/** What {@link chooseBackend} picked, and why. */
export interface ChosenBackend {
  choice: BackendChoice;
  /** The tfjs backend name now active (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  reason: string;
  /** True when the wasm fast paths are in effect (wasm only). */
  fastPaths?: boolean;
  /** XNNPACK threads of the wasm backend in effect (wasm only). */
  threads?: number;
}

const MODULES: Record<BackendChoice, { module?: string; tfName: string }> = {
  'node-gpu': { module: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  node: { module: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { tfName: 'cpu' },
};

const firstLine = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** Whether tfjs has already initialised the backend `name` (without initialising it, as `tf.findBackend` would). */
function initialised(name: string): boolean {
  const registry = (tf.engine() as unknown as { registry?: Record<string, unknown> }).registry;
  return Boolean(registry && name in registry);
}

/** Threads asked for and what came of it; set by tryLoad for wasm. */
interface ThreadsOutcome {
  threads: number;
  note?: string;
}

async function loadWasmThreads(options: ChooseBackendOptions, importer: (s: string) => Promise<unknown>, threads: number): Promise<{ restore(): void } | string> {
  if (initialised('wasm')) return 'the wasm backend was already initialised single-threaded';
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  let shim = options.wasmThreads;
  if (!shim) {
    if (!isNode) return 'the threaded build is loaded by tfjs itself in a cross-origin isolated page';
    try {
      shim = ((await importer('@ampmix/core/node')) as { prepareWasmThreads: WasmThreadsShim }).prepareWasmThreads;
    } catch (e) {
      return `@ampmix/core/node failed to load (${firstLine(e)})`;
    }
  }
  try {
    return await shim(threads);
  } catch (e) {
    return `the threads shim failed (${firstLine(e)})`;
  }
}

async function tryLoad(choice: BackendChoice, importer: (s: string) => Promise<unknown>, options: ChooseBackendOptions, outcome: ThreadsOutcome): Promise<string | null> {
  const { module, tfName } = MODULES[choice];
  let patch: { restore(): void } | null = null;
  try {
    if (module) await importer(module);
    if (choice === 'wasm' && outcome.threads > 1) {
      const r = await loadWasmThreads(options, importer, outcome.threads);
      if (typeof r === 'string') outcome.note = r;
      else patch = r;
    }
    try {
      if (!(await tf.setBackend(tfName))) return `tf.setBackend('${tfName}') failed`;
      await tf.ready();
    } finally {
      patch?.restore();
    }
    return null;
  } catch (e) {
    const msg = firstLine(e);
    return module ? `${module} is not installed or failed to load (${msg})` : msg;
  }
}

/** The wasm backend's XNNPACK thread count (tfjs-backend-wasm's `getThreadsCount`), or 1 when it cannot be read. */
async function wasmThreadCount(importer: (s: string) => Promise<unknown>): Promise<number> {
  try {
    const mod = (await importer('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number };
    return mod.getThreadsCount?.() ?? 1;
  } catch {
    return 1;
  }
}

/** Installs the wasm fast paths when asked and logs the one line. */
async function announce(
  chosen: ChosenBackend,
  options: ChooseBackendOptions,
  log: (line: string) => void,
  importer: (s: string) => Promise<unknown>,
  outcome: ThreadsOutcome,
): Promise<ChosenBackend> {
  if (chosen.choice !== 'wasm') {
    log(`[ampmix] backend: ${chosen.choice} (${chosen.reason})`);
    return chosen;
  }
  if (options.fastPaths === false) uninstallWasmFastPaths();
  const fast = options.fastPaths === false ? { installed: false, reason: 'fastPaths: false' } : installWasmFastPaths();
  const note = fast.installed ? 'fast paths on' : `fast paths off: ${fast.reason}`;
  const threads = await wasmThreadCount(importer);
  const threadNote = `${threads} thread${threads === 1 ? '' : 's'}${outcome.note ? ` (${outcome.threads} asked for: ${outcome.note})` : ''}`;
  log(`[ampmix] backend: wasm (${chosen.reason}; ${note}; ${threadNote})`);
  return { ...chosen, fastPaths: fast.installed, threads };
}

/**
 * Picks and activates the fastest available TensorFlow.js backend. Never called on import: the CLI and
 * examples call it once at start. With `backend: 'auto'`, the order is `@tensorflow/tfjs-node-gpu` →
 * `@tensorflow/tfjs-node` → wasm → cpu; an explicit choice that cannot load throws a {@link BackendError}.
 * Logs one line naming the backend and why. On wasm it installs {@link installWasmFastPaths} (exact; opt out
 * with `fastPaths: false`) and, with `threads` > 1, loads the threaded build (opt-in, see the option).
 */
export async function chooseBackend(options: ChooseBackendOptions = {}): Promise<ChosenBackend> {
  const backend = options.backend ?? 'auto';
  const log = options.log ?? ((l: string) => console.error(l));
  const importer = options.importer ?? ((s: string) => import(s));
  if (backend !== 'auto' && !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new BackendError(`Invalid backend: got ${JSON.stringify(backend)}; expected one of auto, ${BACKEND_CHOICES.join(', ')}.`);
  }
  const outcome: ThreadsOutcome = { threads: integerAtLeast('threads', options.threads ?? 1, 1, 4) };
  if (backend !== 'auto') {
    const err = await tryLoad(backend, importer, options, outcome);
    if (err) throw new BackendError(`backend "${backend}" is unavailable: ${err}. Available choices: auto, ${BACKEND_CHOICES.join(', ')}.`);
    return announce({ choice: backend, tfBackend: tf.getBackend(), reason: 'requested with --backend' }, options, log, importer, outcome);
  }
  const skipped: string[] = [];
  for (const choice of BACKEND_CHOICES) {
    const err = await tryLoad(choice, importer, options, outcome);
    if (!err) {
      const reason = skipped.length ? `fastest available; skipped ${skipped.join('; ')}` : 'fastest available';
      return announce({ choice, tfBackend: tf.getBackend(), reason }, options, log, importer, outcome);
    }
    skipped.push(`${choice}: ${err}`);
  }
  throw new BackendError(`no TensorFlow.js backend could be loaded: ${skipped.join('; ')}`);
}
