import { hostname } from 'node:os';
import type { Executor } from './executor.js';
import { inProcessExecutor, processPoolExecutor, runContext } from './executor.js';
import type { GridSpec, RunResult, RunSpec } from '../spec.js';
import { expandGrid, resolveGridSpec } from '../spec.js';
import type { RunRecord } from './store.js';
import { ResultsStore } from './store.js';

/** What the store holds for one finished run. */
export interface GridRecord extends RunRecord {
  run: RunSpec;
  result: RunResult;
  meta: { host: string; pid: number; executor: string; attempts: number; started: string; finished: string; wallMs: number };
}

/** An event of {@link runGrid}, for progress output. */
export type GridEvent =
  | { type: 'start'; total: number; done: number; pending: number; executor: string }
  | { type: 'done'; record: GridRecord; finished: number; pending: number }
  | { type: 'retry' | 'failed'; run: RunSpec; error: string; attempt: number };

/** Options of {@link runGrid}. */
export interface RunGridOptions {
  /** The results store: a path (opened with the sweep lock, closed at the end) or an open {@link ResultsStore}. */
  store: string | ResultsStore;
  /** `in-process` (default), a number of local processes, or an {@link Executor} of your own. */
  pool?: 'in-process' | number | Executor;
  /** Give each run a folder `runsDir/<key>` (checkpoints, logs); a retried or rerun run resumes from it. */
  runsDir?: string;
  /** Run at most this many pending runs in this call. */
  maxRuns?: number;
  /** Retries of a run that throws or whose process dies; default 1. */
  retries?: number;
  /** Progress events. */
  onRun?: (event: GridEvent) => void;
}

/** What {@link runGrid} returns. */
export interface GridResult {
  /** Every run of the grid. */
  runs: RunSpec[];
  /** The stored record of every finished run of the grid (this call's and earlier ones'), in grid order. */
  records: GridRecord[];
  /** Runs this call trained and recorded. */
  ran: number;
  /** Runs already in the store. */
  skipped: number;
  /** Runs that failed after their retries (not recorded; rerun to try again). */
  failed: { run: RunSpec; error: string; attempts: number }[];
  /** The grid's metric. */
  metric: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Trains one run with retries and records it; shared by {@link runGrid} and the queue worker. */
export async function executeAndRecord(
  executor: Executor,
  store: ResultsStore,
  run: RunSpec,
  options: { runsDir?: string; attempt?: number; metric: string },
): Promise<{ record: GridRecord; wrote: boolean }> {
  const started = new Date();
  const t0 = performance.now();
  const result = await executor.run(run, runContext(options.runsDir, run.key));
  if (!result || typeof result !== 'object') throw new TypeError(`the runner returned ${JSON.stringify(result)} for ${run.key}; expected an object of results`);
  if (typeof result[options.metric] !== 'number') throw new TypeError(`the runner's result for ${run.key} has no numeric "${options.metric}" (the grid's metric); got ${JSON.stringify(result[options.metric])}`);
  const record: GridRecord = {
    key: run.key,
    run,
    result,
    meta: { host: hostname(), pid: process.pid, executor: executor.description, attempts: options.attempt ?? 1, started: started.toISOString(), finished: new Date().toISOString(), wallMs: performance.now() - t0 },
  };
  const wrote = await store.record(record);
  return { record: wrote ? record : (store.get(run.key) as GridRecord), wrote };
}

/**
 * Runs a grid: every configuration × seed × fraction × fold not yet in the results store is trained (in this
 * process or over a local process pool) and recorded there as soon as it finishes; runs already stored are
 * skipped, so rerunning the same call resumes an interrupted sweep. A second sweep on the same store is
 * refused while this one holds it. Tabulate the result with `summarizeGrid` + `formatGridTable`.
 */
export async function runGrid(spec: GridSpec, options: RunGridOptions): Promise<GridResult> {
  const s = resolveGridSpec(spec);
  const runs = expandGrid(s);
  const store = typeof options.store === 'string' ? await ResultsStore.open(options.store) : options.store;
  const ownStore = typeof options.store === 'string';
  const pool = options.pool ?? 'in-process';
  const executor = typeof pool === 'object' ? pool : pool === 'in-process' ? inProcessExecutor(s.runner) : processPoolExecutor(s.runner, { workers: pool });
  const retries = options.retries ?? 1;
  const failed: GridResult['failed'] = [];
  let ran = 0;
  try {
    store.refresh();
    const pending = runs.filter((r) => !store.has(r.key));
    const todo = options.maxRuns === undefined ? pending : pending.slice(0, options.maxRuns);
    options.onRun?.({ type: 'start', total: runs.length, done: runs.length - pending.length, pending: todo.length, executor: executor.description });
    const width = executor.slots;
    let next = 0;
    const lane = async () => {
      while (next < todo.length) {
        const run = todo[next++];
        for (let attempt = 1; ; attempt++) {
          try {
            const { record, wrote } = await executeAndRecord(executor, store, run, { runsDir: options.runsDir, attempt, metric: s.metric });
            if (wrote) ran++;
            options.onRun?.({ type: 'done', record, finished: ran, pending: todo.length - ran - failed.length });
            break;
          } catch (e) {
            const final = attempt > retries;
            options.onRun?.({ type: final ? 'failed' : 'retry', run, error: message(e), attempt });
            if (final) {
              failed.push({ run, error: message(e), attempts: attempt });
              break;
            }
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(width, todo.length)) }, lane));
    const records = runs.flatMap((r) => (store.has(r.key) ? [store.get(r.key) as GridRecord] : []));
    return { runs, records, ran, skipped: runs.length - pending.length, failed, metric: s.metric };
  } finally {
    if (typeof pool !== 'object') await executor.close();
    if (ownStore) await store.close();
  }
}
