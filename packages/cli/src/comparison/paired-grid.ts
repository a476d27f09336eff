import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGrid } from '@ampmix/sweep/node';
import type { Executor, GridRecord, RunResult } from '@ampmix/sweep/node';

/** The results store of a comparison folder: one JSON line per finished run (`@ampmix/sweep`'s store). */
export const RESULTS_FILE = 'results.jsonl';

/** One configuration of a paired comparison: its grid id and, for a `+amp` row, the row it is compared to. */
export interface PairedConfiguration {
  id: string;
  /** What the configuration is (JSON): part of its run key. */
  params?: Record<string, unknown>;
  baseline?: string;
}

/** What {@link runPairedGrid} runs. */
export interface PairedGridOptions<T> {
  /** The sweep's name in the results store. */
  name: string;
  configurations: readonly PairedConfiguration[];
  seeds: readonly number[];
  /** The settings every run shares (JSON): part of each run key. */
  shared: Record<string, unknown>;
  /** The results store (`results.jsonl`); null keeps one in a temporary folder for the call. */
  store: string | null;
  /** Trains one configuration with one seed; its result's `testError` is the grid's metric. */
  train(configuration: string, seed: number): Promise<{ result: RunResult; value: T }>;
}

/**
 * Trains configurations × seeds in this process through `@ampmix/sweep`'s grid runner (runs of one seed
 * together, so a caller can load a seed's data once), recording each run in the results store as it ends.
 * The first failure stops the comparison and is rethrown as it was thrown. Returns, per configuration and
 * seed, the value `train` gave back with the stored record.
 */
export async function runPairedGrid<T>(o: PairedGridOptions<T>): Promise<{ value: T; record: GridRecord }[][]> {
  const values = new Map<string, T>();
  let failure: { error: unknown } | null = null;
  const executor: Executor = {
    description: 'in-process',
    slots: 1,
    async run(run) {
      if (failure) throw new Error('not run: an earlier run failed');
      try {
        const { result, value } = await o.train(run.configuration, run.seed);
        values.set(run.key, value);
        return result;
      } catch (e) {
        failure = { error: e };
        throw e;
      }
    },
    async close() {},
  };
  const tmp = o.store === null ? await mkdtemp(join(tmpdir(), 'ampmix-compare-')) : null;
  try {
    const spec = { name: o.name, runner: `in-process (${o.name})`, configurations: o.configurations, seeds: o.seeds, shared: o.shared };
    const r = await runGrid(spec, { store: o.store ?? join(tmp!, 'results.jsonl'), pool: executor, retries: 0 });
    if (failure) throw (failure as { error: unknown }).error;
    if (r.failed.length) throw new Error(r.failed[0].error);
    const byKey = new Map(r.records.map((rec) => [rec.key, rec]));
    return o.configurations.map((c) =>
      r.runs.filter((run) => run.configuration === c.id).map((run) => ({ value: values.get(run.key) as T, record: byKey.get(run.key)! })),
    );
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
