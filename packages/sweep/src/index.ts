/**
 * @ampmix/sweep — the one grid runner of ampmix: configurations × seeds × fractions (× folds), paired by seed,
 * resumable, one JSONL results store, one table of paired differences; runs in-process, over a local process
 * pool, or over BullMQ + Redis on any number of machines. Node only.
 */
export { expandGrid, resolveGridSpec, runKey } from './spec.js';
export type { GridConfiguration, GridSpec, RunContext, RunFunction, RunResult, RunSpec } from './spec.js';
export { canonicalJson } from './canonical.js';
export { acquireLock, LockHeldError } from './lock.js';
export type { Lock, LockOptions, LockOwner } from './lock.js';
export { ResultsStore } from './store.js';
export type { RunRecord, StoreOptions } from './store.js';
export { inProcessExecutor, processPoolExecutor, runFolder } from './executor.js';
export type { Executor, PoolOptions } from './executor.js';
export { runGrid } from './grid.js';
export type { GridEvent, GridRecord, GridResult, RunGridOptions } from './grid.js';
export { formatGridTable, summarizeGrid } from './table.js';
export type { FormatTableOptions, GridRow } from './table.js';
export { clearQueue, DEFAULT_QUEUE_NAME, parseQueueUrl, startWorker, submit, sweepStatus } from './queue.js';
export type { QueueTarget, SubmitOptions, SubmitResult, SweepJobData, SweepStatus, SweepWorker, WorkerEvent, WorkerOptions } from './queue.js';
export { estimateWallTime } from './estimate.js';
