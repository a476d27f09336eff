import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGrid } from '@ampmix/sweep';
import { formatTable, mnistGrid, PRESETS, resolveConfig, ROWS, runMnistComparison } from '../src/index.js';

describe('the MNIST comparison example', () => {
  it('the smoke preset trains all seven rows, prints the table and leaks no tensors', async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runMnistComparison({ preset: 'smoke', seed: 1, log: (l) => lines.push(l) });
    console.log(result.table);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.rows.map((r) => r.name)).toEqual(ROWS.map((r) => r.name));
    for (const r of result.rows) {
      // it really trained: far better than chance (0.9) after 40 steps, and a time was measured
      expect(r.testError).toBeGreaterThanOrEqual(0);
      expect(r.testError).toBeLessThan(0.6);
      expect(r.elapsedMs).toBeGreaterThan(0);
      const amp = r.name.endsWith('+ AMP');
      // AMP moved λ in its rows only (CutMix's pixel box may not change for so small a move: ℓ' = ℓ there)
      expect(r.meanAbsDeltaLambda > 0).toBe(amp);
      if (!amp) expect(r.maskRate).toBe(0);
    }
    const printed = lines.join('\n');
    expect(printed).toContain(result.table);
    expect(result.table.split('\n')).toHaveLength(2 + 7);
    expect(printed).toMatch(/MNIST: 500 train \/ 100 dev \/ 200 test digits/);
    expect(printed).toMatch(/total \d+\.\d s/);
  });

  it('formats the table by hand-checked example', () => {
    const table = formatTable([
      { name: 'no mixing', testError: 0.0235, lastTestError: 0.025, devError: 0.02, bestStep: 300, meanAbsDeltaLambda: 0, maskRate: 0, elapsedMs: 12345 },
      { name: 'CutMix + AMP', testError: 0.1, lastTestError: 0.125, devError: 0.05, bestStep: 50, meanAbsDeltaLambda: 0.00012, maskRate: 0.5, elapsedMs: 999 },
    ]);
    expect(table.split('\n')).toEqual([
      "method        test error  test error (last)  best dev error  mean |Δλ|   ℓ' > ℓ    time",
      '------------  ----------  -----------------  --------------  ---------  -------  ------',
      'no mixing         2.35 %             2.50 %     2.00 % @300          —        —  12.3 s',
      'CutMix + AMP     10.00 %            12.50 %      5.00 % @50     1.2e-4  50.00 %   1.0 s',
    ]);
  });

  it('validates the preset, overrides and row names', async () => {
    expect(resolveConfig('default', { steps: 10 })).toEqual({ ...PRESETS.default, steps: 10 });
    expect(() => resolveConfig('huge')).toThrow(/Invalid preset: got "huge"; expected one of "smoke", "default"/);
    expect(() => resolveConfig('smoke', { step: 3 } as never)).toThrow(/overrides option "step"/);
    await expect(runMnistComparison({ preset: 'smoke', rows: ['Mixup'] })).rejects.toThrow(/Invalid rows\[0\]: got "Mixup"; expected one of "no mixing"/);
  });

  it('is a grid of @ampmix/sweep: each + AMP row paired with its base, resumable from its store', async () => {
    const grid = mnistGrid(PRESETS.smoke, [1, 2]);
    expect(grid.configurations.map((c) => `${c.id}${c.baseline ? `<${c.baseline}` : ''}`)).toEqual([
      'none', 'input-mixup', 'input-mixup+amp<input-mixup', 'manifold-mixup', 'manifold-mixup+amp<manifold-mixup', 'cutmix', 'cutmix+amp<cutmix',
    ]);
    expect(expandGrid(grid)).toHaveLength(14);
    const store = join(mkdtempSync(join(tmpdir(), 'mnist-grid-')), 'results.jsonl');
    const rows = ['no mixing', 'Input Mixup'];
    const first: string[] = [];
    const a = await runMnistComparison({ preset: 'smoke', seed: 3, rows, store, overrides: { steps: 4 }, log: (l) => first.push(l) });
    expect(first.filter((l) => /^ {2}.*: test error/.test(l))).toHaveLength(2);
    const again: string[] = [];
    const b = await runMnistComparison({ preset: 'smoke', seed: 3, rows, store, overrides: { steps: 4 }, log: (l) => again.push(l) });
    expect(again.filter((l) => /^ {2}.*: test error/.test(l))).toHaveLength(0); // nothing trained again
    expect(b.rows).toEqual(a.rows);
  });
});
