/**
 * Wall time of `runs` runs of `runMs` each (ms) on `workers` workers, one run at a time each:
 * ⌈runs / workers⌉ · runMs (whole runs; a worker never splits one).
 */
export function estimateWallTime(runs: number, runMs: number, workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`Invalid workers: got ${workers}; expected an integer ≥ 1`);
  if (!Number.isInteger(runs) || runs < 0) throw new RangeError(`Invalid runs: got ${runs}; expected an integer ≥ 0`);
  return Math.ceil(runs / workers) * runMs;
}
