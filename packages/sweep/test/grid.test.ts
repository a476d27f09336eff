import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GridRecord } from '../src/node/index.js';
import { expandGrid, formatGridTable, runGrid, summarizeGrid } from '../src/node/index.js';
import { blobsSpec } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ampmix-grid-'));
const byKey = (records: GridRecord[]) => Object.fromEntries(records.map((r) => [r.key, r.result]));

describe('runGrid', () => {
  it('resumes: a second call runs only what the first left, and the store holds each run once', async () => {
    const spec = blobsSpec('resume');
    const store = join(tmp(), 'results.jsonl');
    const before = tf.memory().numTensors;
    const first = await runGrid(spec, { store, maxRuns: 2 });
    expect([first.ran, first.skipped, first.records.length]).toEqual([2, 0, 2]);
    const events: string[] = [];
    const second = await runGrid(spec, { store, onRun: (e) => events.push(e.type) });
    expect([second.ran, second.skipped, second.records.length, second.failed.length]).toEqual([4, 2, 6, 0]);
    expect(events).toEqual(['start', 'done', 'done', 'done', 'done']);
    const third = await runGrid(spec, { store });
    expect([third.ran, third.skipped]).toEqual([0, 6]);
    expect(readFileSync(store, 'utf8').trim().split('\n')).toHaveLength(6);
    expect(tf.memory().numTensors).toBe(before);
    // paired: the same seed gives every configuration the same data and order, so the two differ only by the model
    expect(second.records.map((r) => r.run.seed)).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('a pool of 2 processes gives the same numbers as in-process', async () => {
    const spec = blobsSpec('pool', {}, [1, 2]);
    const local = await runGrid(spec, { store: join(tmp(), 'a.jsonl') });
    const pooled = await runGrid(spec, { store: join(tmp(), 'b.jsonl'), pool: 2 });
    expect(pooled.records.map((r) => r.meta.executor)).toEqual(Array(4).fill('pool of 2 process(es)'));
    expect(byKey(pooled.records)).toEqual(byKey(local.records));
  });

  it('a throwing run is retried once, then reported failed and not recorded', async () => {
    const spec = { ...blobsSpec('poison', {}, [1]), configurations: [{ id: 'bad', params: { poison: true } }] };
    const events: string[] = [];
    const r = await runGrid(spec, { store: join(tmp(), 'p.jsonl'), onRun: (e) => events.push(e.type) });
    expect(events).toEqual(['start', 'retry', 'failed']);
    expect(r.failed).toEqual([{ run: expect.objectContaining({ configuration: 'bad' }), error: 'poison run bad (seed 1) always fails', attempts: 2 }]);
    expect(r.records).toEqual([]);
  });
});

describe('the table', () => {
  const spec = { ...blobsSpec('t', {}, [1, 2, 3]), fractions: [1] };
  const rec = (configuration: string, seed: number, testError: number): GridRecord => {
    const run = expandGrid(spec).find((r) => r.configuration === configuration && r.seed === seed);
    if (!run) throw new Error('no run');
    return { key: run.key, run, result: { testError }, meta: { host: 'h', pid: 1, executor: 'x', attempts: 1, started: '', finished: '', wallMs: 1 } };
  };
  // narrow − wide = 0.01, 0.02, 0.03: mean 0.02, sd 0.01, t = 0.02/(0.01/√3) = 2√3, df 2;
  // two-sided p of t with df = 2 in closed form: 1 − t/√(2 + t²); exact Wilcoxon: all 3 positive → 2/2³
  const records = [rec('wide', 1, 0.1), rec('wide', 2, 0.2), rec('wide', 3, 0.3), rec('narrow', 1, 0.11), rec('narrow', 2, 0.22), rec('narrow', 3, 0.33)];

  it('pairs by seed and tests the differences with the shared statistics', () => {
    const [wide, narrow] = summarizeGrid(spec, records);
    expect(wide).toMatchObject({ configuration: 'wide', n: 3, vs: null });
    expect(wide.mean).toBeCloseTo(0.2, 14);
    expect(wide.std).toBeCloseTo(0.1, 14);
    const t = 2 * Math.sqrt(3);
    expect(narrow.vs?.n).toBe(3);
    expect(narrow.vs?.meanDiff).toBeCloseTo(0.02, 14);
    expect(narrow.vs?.relChange).toBeCloseTo(0.1, 12);
    expect(narrow.vs?.tTestP).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 10);
    expect(narrow.vs?.wilcoxonP).toBe(0.25);
    // a seed one side lacks is left out of the pairs
    expect(summarizeGrid(spec, records.slice(0, 5))[1].vs?.n).toBe(2);
  });

  it('formats by a hand-checked example', () => {
    expect(formatGridTable(summarizeGrid(spec, records)).split('\n')).toEqual([
      'configuration  fraction  n  metric (mean ± std)  vs          paired diff  rel. change  t-test p  Wilcoxon p',
      '-------------  --------  -  -------------------  ----------  -----------  -----------  --------  ----------',
      'wide                  1  3      20.00 ± 10.00 %',
      'narrow                1  3      22.00 ± 11.00 %  wide (n=3)      +2.00 %      +10.0 %     0.074       0.250',
    ]);
  });
});
