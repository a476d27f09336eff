import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import type { RunContext, RunFunction, RunResult, RunSpec } from '../spec.js';

/** Runs one run of a grid somewhere: in this process, or in a process of a local pool. */
export interface Executor {
  /** Where it runs (for logs): `in-process` or `pool of N processes`. */
  readonly description: string;
  /** How many runs it takes at a time. */
  readonly slots: number;
  run(run: RunSpec, context: RunContext): Promise<RunResult>;
  close(): Promise<void>;
}

/** The import specifier of a runner: absolute paths become `file:` URLs, other specifiers are kept. */
export function runnerSpecifier(runner: string): string {
  return isAbsolute(runner) ? pathToFileURL(runner).href : runner;
}

/** A run's own folder under `runsDir` (its key with `|` made file-safe), or null without `runsDir`. */
export function runFolder(runsDir: string | undefined, key: string): string | null {
  return runsDir ? join(runsDir, key.replace(/\|/g, '__').replace(/[^A-Za-z0-9+\-_.[\]=,]/g, '_')) : null;
}

/** The context of a run: its folder (created) and whether an earlier attempt left something to resume. */
export function runContext(runsDir: string | undefined, key: string): RunContext {
  const runDir = runFolder(runsDir, key);
  if (!runDir) return { runDir: null, resume: false };
  const resume = existsSync(runDir) && readdirSync(runDir).length > 0;
  mkdirSync(runDir, { recursive: true });
  return { runDir, resume };
}

/** Imports a runner module and returns its `run` function. */
export async function loadRunner(runner: string): Promise<RunFunction> {
  const mod = await import(runnerSpecifier(runner));
  if (typeof mod.run !== 'function') throw new TypeError(`runner ${runner} exports no run(run, context) function`);
  return mod.run as RunFunction;
}

/** Runs every run in this process, one at a time (the runner module is imported once). */
export function inProcessExecutor(runner: string): Executor {
  let fn: Promise<RunFunction> | null = null;
  return {
    description: 'in-process',
    slots: 1,
    run: async (run, context) => (await (fn ??= loadRunner(runner)))(run, context),
    close: async () => {},
  };
}

/** Options of {@link processPoolExecutor}. */
export interface PoolOptions {
  /** Number of processes. */
  workers: number;
  /** Extra environment variables of the processes. */
  env?: Record<string, string>;
}

const POOL_WORKER = fileURLToPath(new URL('../../worker/pool-worker.mjs', import.meta.url));

/**
 * Runs runs in `workers` forked processes (tinypool with its `child_process` runtime: a crashed or killed
 * process fails its run and is replaced). Each process imports the runner module once.
 */
export function processPoolExecutor(runner: string, options: PoolOptions): Executor {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`Invalid workers: got ${options.workers}; expected an integer ≥ 1`);
  const pool = new Tinypool({
    filename: pathToFileURL(POOL_WORKER).href,
    runtime: 'child_process',
    minThreads: options.workers,
    maxThreads: options.workers,
    idleTimeout: 60_000,
    env: { ...(process.env as Record<string, string>), ...(options.env ?? {}) },
  });
  const specifier = runnerSpecifier(runner);
  return {
    description: `pool of ${options.workers} process(es)`,
    slots: options.workers,
    run: (run, context) => pool.run({ runner: specifier, run, context }) as Promise<RunResult>,
    close: () => pool.destroy(),
  };
}
