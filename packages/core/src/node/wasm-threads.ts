import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import workerThreads from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

/** What {@link prepareWasmThreads} set up; `restore` undoes the temporary patches once the backend is initialised. */
export interface WasmThreadsPatch {
  /** The thread count asked for. */
  readonly threads: number;
  /** The folder the worker scripts were written to. */
  readonly dir: string;
  /**
   * Restores `Blob`, `URL.createObjectURL`, `os.cpus` and `worker_threads.Worker`, and unrefs the pthread workers
   * (call it once the backend is initialised, after `tf.ready()`).
   */
  restore(): void;
}

/** The main-script prefix tfjs-backend-wasm 4.22 gives the threaded build's Blob. */
const MAIN_PREFIX = 'var WasmBackendModuleThreadedSimd';

/**
 * The bundle's module variables (`var require$$0 = require('fs');` …): the threaded factory's source refers to
 * them, and the worker evaluates that source outside the bundle, so it must define them.
 */
function bundleGlobals(): string {
  const req = createRequire(import.meta.url);
  const bundle = readFileSync(req.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
  const defs = [...bundle.matchAll(/var (require\$\$\d+) = require\('([^']+)'\);/g)].map(([, name, mod]) => `globalThis.${name}=require(${JSON.stringify(mod)});`);
  return defs.join('') + 'globalThis.commonjsGlobal=globalThis;';
}

/**
 * Node-only: makes the next initialisation of tfjs-backend-wasm 4.22 (`tf.setBackend('wasm')`) load its
 * threaded SIMD build with `threads` XNNPACK threads. tfjs turns threads off in Node
 * (`WASM_HAS_MULTITHREAD_SUPPORT`), and forcing the flag alone fails: the bundle spawns its pthread workers from
 * `blob:` URLs, which `worker_threads` rejects. This sets the flag and, until `restore()`:
 * - records the Blobs the bundle creates and turns the worker's object URL into a file (in a fresh temp folder):
 *   the worker script, prefixed with the bundle's module variables it lacks outside the bundle and with an
 *   object-URL stub that points at the main script, also written to a file;
 * - reports 2·threads CPUs through `os.cpus()`, since tfjs sizes its thread pool as half the logical cores
 *   (at most 4);
 * - makes `worker_threads.Worker` a subclass that unrefs its workers once `restore()` is called (after the
 *   backend's initialisation), so that they do not keep the process alive; emscripten keeps that class as the
 *   global `Worker` it spawns threads with.
 * Values are the same as single-threaded (XNNPACK splits the work by output tiles). Call it before the wasm
 * backend is first initialised; `chooseBackend({ threads })` does, through `@ampmix/core/node`.
 */
export function prepareWasmThreads(threads: number): WasmThreadsPatch {
  if (!Number.isInteger(threads) || threads < 1 || threads > 4) {
    throw new RangeError(`threads must be an integer in [1, 4] (tfjs-backend-wasm's pool holds at most 4); got ${JSON.stringify(threads)}`);
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'ampmix-wasm-threads-'));
  const mainFile = join(dir, 'main.js');
  const workerFile = join(dir, 'worker.js');
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  const realCpus = os.cpus;
  const RealWorker = workerThreads.Worker;
  const parts = new WeakMap<Blob, string>();
  class RecordingBlob extends RealBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const [blobParts] = args;
      const text = (blobParts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
      parts.set(this, text);
      if (text.startsWith(MAIN_PREFIX)) writeFileSync(mainFile, text);
    }
  }
  // The workers must stay referenced while the backend initialises (the main thread awaits their messages); after
  // that they are unref'd, also when emscripten adds a listener later (which re-refs a worker's port).
  const workers = new Set<InstanceType<typeof RealWorker>>();
  let released = false;
  class UnrefWorker extends RealWorker {
    constructor(...args: ConstructorParameters<typeof RealWorker>) {
      super(...args);
      workers.add(this);
      if (released) this.unref();
    }
    override on(event: string | symbol, listener: (...a: never[]) => void): this {
      super.on(event, listener as (...a: unknown[]) => void);
      if (released) this.unref();
      return this;
    }
  }
  const globals = bundleGlobals();
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (obj: Blob) => {
    const text = obj instanceof RealBlob ? parts.get(obj) : undefined;
    if (text === undefined || text.startsWith(MAIN_PREFIX)) return realCreate(obj);
    const main = JSON.stringify(mainFile);
    writeFileSync(workerFile, `${globals}globalThis._scriptDir=${main};URL.createObjectURL=()=>${main};URL.revokeObjectURL=()=>{};${text}`);
    return workerFile;
  };
  const cpus = realCpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
  (workerThreads as { Worker: typeof RealWorker }).Worker = UnrefWorker;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  return {
    threads,
    dir,
    restore() {
      released = true;
      for (const w of workers) w.unref();
      globalThis.Blob = RealBlob;
      URL.createObjectURL = realCreate;
      os.cpus = realCpus;
      (workerThreads as { Worker: typeof RealWorker }).Worker = RealWorker;
    },
  };
}
