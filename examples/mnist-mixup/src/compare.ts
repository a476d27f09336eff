import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '@ampmix/core';
import { chooseBackend, integerAtLeast, noUnknownKeys, OptionError } from '@ampmix/core';
import type { Executor, GridSpec } from '@ampmix/sweep/node';
import { runGrid } from '@ampmix/sweep/node';
import { mnistGrid } from './grid.js';
import type { ComparisonConfig, PresetName } from './presets.js';
import { resolveConfig } from './presets.js';
import { runMnistRow } from './run.js';
import type { RowResult } from './table.js';
import { formatTable } from './table.js';
import { ROWS } from './rows.js';

/** Options of {@link runMnistComparison}. */
export interface MnistComparisonOptions {
  /** `smoke` (seconds) or `default` (minutes). */
  preset: PresetName;
  /** Backend to activate first with core's `chooseBackend`; default: keep the current one. */
  backend?: BackendChoice | 'auto';
  /** Seed of the split, the weights, the data order and the plans; the same for every row. Default 0. */
  seed?: number;
  /** Where the header, one line per finished row and the table go. Default `console.log`. */
  log?: (line: string) => void;
  /** Trainer progress display (stderr). Default `none`. */
  progress?: 'auto' | 'bar' | 'lines' | 'none';
  /** Change the preset's sizes or budget (e.g. `{ steps: 100 }`). */
  overrides?: Partial<ComparisonConfig>;
  /** Run only these rows (by name, see `ROWS`). Default all seven. */
  rows?: string[];
  /**
   * The `@ampmix/sweep` results store: rerunning with the same store and settings skips the rows already
   * there. Default: a temporary one (removed afterwards).
   */
  store?: string;
}

/** What {@link runMnistComparison} returns. */
export interface MnistComparison {
  config: ComparisonConfig;
  /** The grid that ran (give it to `runGrid` with a process pool or to `submit` for a queue). */
  grid: GridSpec;
  backend: string;
  rows: RowResult[];
  table: string;
  elapsedMs: number;
}

/**
 * Trains no mixing, Input Mixup (Zhang et al. 2018), Manifold Mixup (Verma et al. 2019) and CutMix (Yun et
 * al. 2019), each also with AMP (Liu et al. 2021), on MNIST with the same split, initial weights, data order,
 * seeds and budget, selects each on a held-out dev split and reports its test error and time as a table.
 */
export async function runMnistComparison(options: MnistComparisonOptions): Promise<MnistComparison> {
  noUnknownKeys('runMnistComparison', options, ['preset', 'backend', 'seed', 'log', 'progress', 'overrides', 'rows', 'store']);
  const c = resolveConfig(options.preset, options.overrides);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const log = options.log ?? ((line: string) => console.log(line));
  const names = ROWS.map((r) => r.name);
  const wanted = options.rows ?? names;
  for (const [i, n] of wanted.entries()) if (!names.includes(n)) throw new OptionError(`rows[${i}]`, n, `one of ${names.map((x) => JSON.stringify(x)).join(', ')}`);
  if (options.backend) await chooseBackend({ backend: options.backend, log });
  await tf.ready();

  const t0 = performance.now();
  const widths = c.model === 'cnn' ? `small CNN, channels [${c.widths.join(', ')}]` : `MLP, hidden [${c.widths.join(', ')}]`;
  log(`MNIST: ${c.trainSize - c.devSize} train / ${c.devSize} dev / ${c.testSize} test digits; ${widths}; ${c.steps} steps × batch ${c.batchSize}, Adam lr ${c.learningRate}; α = ${c.alpha}, AMP ε = ${c.epsilon}; seed ${seed}; backend ${tf.getBackend()}`);

  const grid = mnistGrid(c, [seed], wanted);
  // in this process, on the backend chosen above (a pool or a queue would import the built runner module)
  const here: Executor = { description: 'in-process', slots: 1, run: (run, context) => runMnistRow(run, context), close: async () => {} };
  const temp = options.store ? null : mkdtempSync(join(tmpdir(), 'ampmix-mnist-'));
  let records;
  try {
    const r = await runGrid(grid, {
      store: options.store ?? join(temp as string, 'results.jsonl'),
      pool: here,
      retries: 0,
      onRun: (e) => {
        if (e.type === 'done') log(`  ${e.record.result.name}: test error ${(100 * (e.record.result.testError as number)).toFixed(2)} % (${((e.record.result.elapsedMs as number) / 1000).toFixed(1)} s)`);
      },
    });
    if (r.failed.length) throw new Error(r.failed[0].error);
    records = r.records;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
  const rows = records.map((rec) => rec.result as unknown as RowResult);
  const table = formatTable(rows);
  const elapsedMs = performance.now() - t0;
  log(table);
  log(`total ${(elapsedMs / 1000).toFixed(1)} s`);
  return { config: c, grid, backend: tf.getBackend(), rows, table, elapsedMs };
}
