/**
 * @ampmix/sweep — the one grid runner of ampmix: configurations × seeds × fractions (× folds), paired by seed,
 * resumable, one JSONL results store, one table of paired differences. This entry is browser-safe: grid specs,
 * run keys, the table and the wall-time estimate. The runner, the results store, its lock, the executors and
 * the BullMQ queue are Node-only: `@ampmix/sweep/node` (which re-exports this entry too).
 */
export { expandGrid, resolveGridSpec, runKey } from './spec.js';
export type { GridConfiguration, GridSpec, RunContext, RunFunction, RunResult, RunSpec } from './spec.js';
export { canonicalJson } from './canonical.js';
export { formatGridTable, summarizeGrid } from './table.js';
export type { FormatTableOptions, GridRow } from './table.js';
export type { GridRecord } from './node/grid.js';
export { estimateWallTime } from './estimate.js';
