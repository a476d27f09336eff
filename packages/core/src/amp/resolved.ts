import type { ResolvedAmpOptions } from './options.js';

// global symbol: two copies of @ampmix/core in one process still recognise each other's results
const RESOLVED = Symbol.for('@ampmix/core.resolvedAmpOptions');

/** Freezes `options` and marks it as `resolveAmpOptions`'s result (a non-enumerable brand; copies lose it). */
export function markResolved<T extends ResolvedAmpOptions>(options: T): T {
  Object.defineProperty(options, RESOLVED, { value: true });
  return Object.freeze(options);
}

/** True when `value` is an object returned by `resolveAmpOptions`, unchanged (it is frozen). */
export function isResolvedAmpOptions(value: unknown): value is ResolvedAmpOptions {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}
