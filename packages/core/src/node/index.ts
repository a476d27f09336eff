/**
 * @ampmix/core/node — Node-only helpers of the core (they import Node built-ins, so they live behind this entry).
 */
export { prepareWasmThreads } from './wasm-threads.js';
export type { WasmThreadsPatch } from './wasm-threads.js';
