import { fileURLToPath } from 'node:url';
import type { GridSpec } from '@ampmix/sweep';
import type { ComparisonConfig } from './presets.js';
import { ROWS } from './rows.js';

/** The built runner module (dist/runner.js) that pool processes and queue workers import. */
export const MNIST_RUNNER = fileURLToPath(new URL('./runner.js', import.meta.url));

/**
 * The MNIST comparison as a grid of `@ampmix/sweep`: the rows × `seeds` (paired: a seed fixes the split, the
 * initial weights and the data order of every row), the configuration `c` shared; each `+ AMP` row is
 * compared with its base row.
 */
export function mnistGrid(c: ComparisonConfig, seeds: readonly number[], rows: readonly string[] = ROWS.map((r) => r.name)): GridSpec {
  const chosen = ROWS.filter((r) => rows.includes(r.name));
  return {
    name: 'mnist-mixup',
    runner: MNIST_RUNNER,
    configurations: chosen.map((r) => {
      const base = r.amp ? chosen.find((b) => !b.amp && r.id === `${b.id}+amp`) : undefined;
      return { id: r.id, params: { row: r.id }, ...(base ? { baseline: base.id } : {}) };
    }),
    seeds,
    shared: { ...c },
    metric: 'testError',
  };
}
