import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors.js';
import { installWasmFastPaths, uninstallWasmFastPaths } from './wasm/fast-paths.js';
import { integerAtLeast } from './validate.js';

/** Every backend {@link chooseBackend} knows. `node-gpu` and `node` are the native `tensorflow` backend; `webgpu` and `webgl` need a page. */
export const BACKEND_CHOICES = ['node-gpu', 'node', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A backend {@link chooseBackend} can pick (or `auto`). */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** Where {@link chooseBackend} runs: a Node process or a page / Web Worker. */
export type BackendEnvironment = 'node' | 'browser';
/** `auto`'s order, fastest first, per environment. */
export const AUTO_BACKEND_ORDER: Readonly<Record<BackendEnvironment, readonly BackendChoice[]>> = {
  node: ['node-gpu', 'node', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};
/** The backends that live in a module of their own. */
export type ModuleBackend = 'node-gpu' | 'node' | 'webgpu' | 'wasm';
/** The `.wasm` file names of tfjs-backend-wasm (keys of a {@link ChooseBackendOptions.wasmPaths} map). */
export type WasmFileName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';
/** Which tfjs-backend-wasm binary runs. */
export type WasmBuild = 'threaded-simd' | 'simd' | 'plain';

/** Options of {@link chooseBackend}. */
export interface ChooseBackendOptions {
  /** `auto` (default) tries {@link AUTO_BACKEND_ORDER} for the environment; a named one must load or it is an error. */
  backend?: BackendChoice | 'auto';
  /** Where the one info line goes; default `console.error`. Pass `() => {}` to silence. */
  log?: (line: string) => void;
  /**
   * Backend modules the caller bundles, e.g. `{ wasm: () => import('@tensorflow/tfjs-backend-wasm') }`: a page
   * passes these so its bundler sees the imports. Takes precedence over `importer`.
   */
  modules?: Partial<Record<ModuleBackend, () => Promise<unknown>>>;
  /**
   * Loads a backend module by package name when `modules` has none. Default: in Node, `import()`; in a page,
   * none (a backend not in `modules` must already be registered by a static import).
   */
  importer?: (specifier: string) => Promise<unknown>;
  /**
   * Where tfjs-backend-wasm fetches its `.wasm` files (its `setWasmPaths`): a URL prefix ending in `/`, or a
   * map from file name to URL. Default: next to the backend's script. Applied before the wasm backend first
   * starts; ignored (and said so) after. In a cross-origin isolated page the threaded SIMD build runs.
   */
  wasmPaths?: string | Partial<Record<WasmFileName, string>>;
  /** Install the exact wasm speed-ups ({@link installWasmFastPaths}) when wasm is picked; false removes them. Default true. */
  fastPaths?: boolean;
  /** Default: detected (`process.versions.node` present → `node`). */
  environment?: BackendEnvironment;
  /**
   * XNNPACK threads of the wasm backend in Node, 1–4. Default 1: the single-threaded SIMD build tfjs uses in Node.
   * Above 1 (opt-in; measure first: on a loaded machine no speed-up shows) the threaded SIMD build is loaded
   * through `@ampmix/core/node`'s {@link WasmThreadsShim} (same values as one thread). It takes effect only when
   * this call starts the wasm backend; `ChosenBackend.threads` says what is in effect. In a page tfjs picks the
   * threaded build itself when the page is cross-origin isolated.
   */
  threads?: number;
  /** The Node shim that loads the threaded build (default: `prepareWasmThreads` of `@ampmix/core/node`). */
  wasmThreads?: WasmThreadsShim;
}

/** Prepares the next wasm initialisation for `threads` threads; `restore()` undoes its temporary patches. */
export type WasmThreadsShim = (threads: number) => { restore(): void } | Promise<{ restore(): void }>;

/** What {@link chooseBackend} picked, and why. */
export interface ChosenBackend {
  choice: BackendChoice;
  /** The tfjs backend name now active (`tensorflow`, `webgpu`, `webgl`, `wasm`, `cpu`). */
  tfBackend: string;
  reason: string;
  /** True when the wasm fast paths are in effect (wasm only). */
  fastPaths?: boolean;
  /** The wasm binary that runs (wasm only). */
  wasmBuild?: WasmBuild;
  /** XNNPACK threads of the wasm backend in effect (wasm only). */
  threads?: number;
}

const MODULES: Record<BackendChoice, { module?: string; tfName: string }> = {
  'node-gpu': { module: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  node: { module: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  webgpu: { module: '@tensorflow/tfjs-backend-webgpu', tfName: 'webgpu' },
  webgl: { tfName: 'webgl' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { tfName: 'cpu' },
};

function detectEnvironment(): BackendEnvironment {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string' ? 'node' : 'browser';
}

/** Node's own `import()`; the specifier is a variable, so bundlers leave it alone (it never runs in a page). */
const nodeImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

function firstLine(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

function notInstalled(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)|(Could not|Failed to) resolve/.test(firstLine(e));
}

interface Loaded {
  error?: string;
  module?: unknown;
}

async function loadModule(choice: BackendChoice, options: ChooseBackendOptions, env: BackendEnvironment): Promise<Loaded> {
  const { module, tfName } = MODULES[choice];
  if (!module) return {};
  const own = options.modules?.[choice as ModuleBackend];
  const importer = options.importer ?? (env === 'node' ? nodeImport : undefined);
  if (!own && !importer) {
    if (tf.findBackendFactory(tfName)) return {};
    return { error: `${module} is not bundled (pass modules.${choice})` };
  }
  try {
    return { module: await (own ? own() : importer!(module)) };
  } catch (e) {
    return { error: notInstalled(e) ? `${module} is not installed` : `${module} failed to load (${firstLine(e)})` };
  }
}

const wasmStarted = () => Boolean((tf.engine().registry as Record<string, unknown>).wasm);

/** Loads the Node threads shim for the next wasm start; returns a note (string) when it could not. */
async function prepareThreads(options: ChooseBackendOptions, env: BackendEnvironment, threads: number): Promise<{ restore(): void } | string> {
  if (wasmStarted()) return 'wasm already started single-threaded';
  let shim = options.wasmThreads;
  if (!shim) {
    if (env !== 'node') return 'in a page tfjs picks the threaded build when the page is cross-origin isolated';
    try {
      const importer = options.importer ?? nodeImport;
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

type SetWasmPaths = (paths: ChooseBackendOptions['wasmPaths']) => void;

/** Applies `wasmPaths` before the wasm backend starts; returns a note when it could not. */
function applyWasmPaths(loaded: unknown, paths: ChooseBackendOptions['wasmPaths']): string | null {
  if (paths === undefined) return null;
  if (wasmStarted()) return 'wasmPaths ignored: wasm already started';
  const set = (loaded as { setWasmPaths?: SetWasmPaths } | undefined)?.setWasmPaths;
  if (typeof set !== 'function') throw new BackendError('wasmPaths needs the wasm module: pass modules.wasm');
  set(paths);
  return null;
}

/** What one `chooseBackend` call carries between its steps: the notes of its log line and the wasm module it loaded. */
interface Attempt {
  notes: string[];
  wasmModule?: unknown;
}

async function activate(choice: BackendChoice, options: ChooseBackendOptions, env: BackendEnvironment, attempt: Attempt, threads: number): Promise<string | null> {
  const { tfName } = MODULES[choice];
  const { notes } = attempt;
  if (env === 'node' && (choice === 'webgl' || choice === 'webgpu')) return 'needs a browser';
  if (env === 'browser' && (choice === 'node' || choice === 'node-gpu')) return 'needs Node';
  const loaded = await loadModule(choice, options, env);
  if (loaded.error) return loaded.error;
  let patch: { restore(): void } | null = null;
  if (choice === 'wasm') {
    attempt.wasmModule = loaded.module;
    const note = applyWasmPaths(loaded.module, options.wasmPaths);
    if (note) notes.push(note);
    if (threads > 1) {
      const r = await prepareThreads(options, env, threads);
      if (typeof r === 'string') notes.push(`${threads} threads asked for: ${r}`);
      else patch = r;
    }
  }
  try {
    if (!(await tf.setBackend(tfName))) return `could not start ${tfName}${choice === 'wasm' && options.wasmPaths !== undefined ? ' (check wasmPaths)' : ''}`;
    await tf.ready();
    return null;
  } catch (e) {
    return firstLine(e);
  } finally {
    patch?.restore();
  }
}

/** The wasm backend's XNNPACK thread count (tfjs-backend-wasm's `getThreadsCount`), or 1 when it cannot be read. */
function wasmThreadCount(loaded: unknown): number {
  try {
    return (loaded as { getThreadsCount?: () => number } | undefined)?.getThreadsCount?.() ?? 1;
  } catch {
    return 1;
  }
}

async function wasmBuild(): Promise<WasmBuild> {
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return simd ? (threads ? 'threaded-simd' : 'simd') : 'plain';
}

/** Installs the wasm fast paths when asked and logs the one line. */
async function announce(chosen: ChosenBackend, options: ChooseBackendOptions, attempt: Attempt, log: (line: string) => void): Promise<ChosenBackend> {
  const { notes } = attempt;
  if (chosen.choice !== 'wasm') {
    log(`[ampmix] backend: ${chosen.choice} (${[chosen.reason, ...notes].join('; ')})`);
    return chosen;
  }
  if (options.fastPaths === false) uninstallWasmFastPaths();
  const fast = options.fastPaths === false ? { installed: false, reason: 'fastPaths: false' } : installWasmFastPaths();
  const build = await wasmBuild();
  const fastNote = fast.installed ? 'fast paths on' : `fast paths off: ${fast.reason}`;
  const threads = wasmThreadCount(attempt.wasmModule);
  // the thread count is news only when threads were asked for or tfjs runs several
  const threadNote = options.threads !== undefined || threads > 1 ? [`${threads} thread${threads === 1 ? '' : 's'}`] : [];
  log(`[ampmix] backend: wasm (${[chosen.reason, build, fastNote, ...threadNote, ...notes].join('; ')})`);
  return { ...chosen, fastPaths: fast.installed, wasmBuild: build, threads };
}

/**
 * Picks and activates a TensorFlow.js backend, in Node or in a page (or Web Worker). Never called on import.
 * With `backend: 'auto'` it tries, fastest first, node-gpu → node → wasm → cpu in Node and
 * webgpu → webgl → wasm → cpu in a page; a named backend that cannot start throws a {@link BackendError}.
 * Modules come from `modules` (what a page bundles), else `importer`, else (Node only) `import()`.
 * Logs one short line naming the backend and why. On wasm it applies `wasmPaths` and installs
 * {@link installWasmFastPaths} (exact; opt out with `fastPaths: false`) and, with `threads` > 1 in Node, loads
 * the threaded build (opt-in, see the option).
 */
export async function chooseBackend(options: ChooseBackendOptions = {}): Promise<ChosenBackend> {
  const backend = options.backend ?? 'auto';
  const log = options.log ?? ((l: string) => console.error(l));
  const env = options.environment ?? detectEnvironment();
  if (backend !== 'auto' && !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new BackendError(`Invalid backend: got ${JSON.stringify(backend)}; expected one of auto, ${BACKEND_CHOICES.join(', ')}.`);
  }
  const threads = integerAtLeast('threads', options.threads ?? 1, 1, 4);
  const attempt: Attempt = { notes: [] };
  if (backend !== 'auto') {
    const err = await activate(backend, options, env, attempt, threads);
    if (err) throw new BackendError(`backend "${backend}" is unavailable: ${err}.`);
    return announce({ choice: backend, tfBackend: tf.getBackend(), reason: 'requested' }, options, attempt, log);
  }
  const skipped: string[] = [];
  for (const choice of AUTO_BACKEND_ORDER[env]) {
    const err = await activate(choice, options, env, attempt, threads);
    if (!err) {
      const reason = skipped.length ? `auto; skipped ${skipped.join(', ')}` : 'auto';
      return announce({ choice, tfBackend: tf.getBackend(), reason }, options, attempt, log);
    }
    skipped.push(`${choice}: ${err}`);
  }
  throw new BackendError(`no TensorFlow.js backend could start: ${skipped.join(', ')}.`);
}
