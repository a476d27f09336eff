/**
 * @ampmix/sweep/node — the Node side of the grid runner: `runGrid` in-process or over a tinypool process pool,
 * the locked JSONL `ResultsStore`, and the BullMQ + Redis queue (`submit`, `startWorker`, `sweepStatus`) for any
 * number of machines. Re-exports the browser-safe `@ampmix/sweep` entry, so one import serves a Node script.
 */
export { canonicalJson, estimateWallTime, expandGrid, formatGridTable, resolveGridSpec, runKey, summarizeGrid } from '../index.js';
export type { FormatTableOptions, GridConfiguration, GridRow, GridSpec, RunContext, RunFunction, RunResult, RunSpec } from '../index.js';
export { acquireLock, LockHeldError } from './lock.js';
export type { Lock, LockOptions, LockOwner } from './lock.js';
export { ResultsStore } from './store.js';
export type { RunRecord, StoreOptions } from './store.js';
export { inProcessExecutor, processPoolExecutor, runFolder } from './executor.js';
export type { Executor, PoolOptions } from './executor.js';
export { runGrid } from './grid.js';
export type { GridEvent, GridRecord, GridResult, RunGridOptions } from './grid.js';
export { clearQueue, DEFAULT_QUEUE_NAME, parseQueueUrl, startWorker, submit, sweepStatus } from './queue.js';
export type { QueueTarget, SubmitOptions, SubmitResult, SweepJobData, SweepStatus, SweepWorker, WorkerEvent, WorkerOptions } from './queue.js';
