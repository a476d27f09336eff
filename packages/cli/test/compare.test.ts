import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TINY } from './helpers/run-cli.js';
import { entryConfig, entryDirName, parseVariants } from '../src/commands/compare.js';
import type { FlagValue } from '../src/flags.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-cli-compare-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ampmix compare', () => {
  it('runs every configuration with the same seeds and prints one table; --out keeps runs and a report', async () => {
    const out = join(root, 'cmp');
    const before = tf.memory().numTensors;
    const r = await runCli(['compare', ...TINY, '--variants', 'word-mixup,word-mixup+amp', '--seeds', '1,2', '--steps', '2', '--epsilon', '0.1', '--out', out]);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('test error (%) — tiny.train, cnn'.replace('tiny.train', join(process.cwd(), 'test/fixtures/tiny.train')));
    expect(lines[1]).toMatch(/^configuration\s+seed 1\s+seed 2\s+mean ± std\s+vs base$/);
    expect(lines[3]).toMatch(/^word-mixup\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d ± \d+\.\d\d$/);
    expect(lines[4]).toMatch(/^word-mixup\+amp\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d ± \d+\.\d\d\s+([+-]?\d+\.\d% vs word-mixup|–)$/);
    expect(r.out).toMatch(/^elapsed \d+\.\d s$/m);
    expect(r.out).toContain(`report: ${join(out, 'report', 'index.html')}`);
    expect((await readdir(out)).sort()).toEqual(['compare.json', 'compare.txt', 'report', 'results.jsonl', 'word-mixup', 'word-mixup-amp']);
    expect((await readdir(join(out, 'word-mixup-amp'))).sort()).toEqual(['seed-1', 'seed-2']);
    expect(existsSync(join(out, 'word-mixup', 'seed-1', 'checkpoint'))).toBe(false);
    const json = JSON.parse(await readFile(join(out, 'compare.json'), 'utf8'));
    expect(json.seeds).toEqual([1, 2]);
    // the table's numbers are the runs' own test errors
    const errs = json.rows[1].runs.map((x: { result: { testError: { bestDev: number } } }) => x.result.testError.bestDev);
    expect(json.rows[1].errors).toEqual(errs);
    expect(lines[4]).toContain((100 * errs[0]).toFixed(2));
    // every run is recorded once in the grid runner's store, paired by seed, +amp against its base
    const records = (await readFile(join(out, 'results.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x: { run: { configuration: string; seed: number } }) => `${x.run.configuration}/${x.run.seed}`)).toEqual(['word-mixup/1', 'word-mixup+amp/1', 'word-mixup/2', 'word-mixup+amp/2']);
    expect(records.filter((x: { run: { configuration: string } }) => x.run.configuration === 'word-mixup+amp').map((x: { result: { testError: number } }) => x.result.testError)).toEqual(errs);
    const html = await readFile(join(out, 'report', 'index.html'), 'utf8');
    expect(html).toContain('word-mixup+amp (seed 2)');
  });

  it('validates the configurations before training anything', async () => {
    const bad = await runCli(['compare', ...TINY, '--variants', 'word-mixup,wordmixup+amp']);
    expect(bad.code).toBe(2);
    expect(bad.errors).toEqual(['ampmix compare: Invalid --variants: got "wordmixup+amp"; expected names from none, word-mixup, sen-mixup, input-mixup, manifold-mixup, cutmix, each optionally followed by +amp (e.g. word-mixup,word-mixup+amp).']);
    const img = await runCli(['compare', ...TINY, '--variants', 'word-mixup,cutmix+amp']);
    expect(img.errors[0]).toMatch(/^ampmix compare: in --variants cutmix\+amp: --variant cutmix mixes raw inputs/);
    const eps = await runCli(['compare', ...TINY, '--variants', 'word-mixup', '--epsilon', '0.1']);
    expect(eps.errors).toEqual(['ampmix compare: --epsilon applies to +amp configurations; --variants has none']);
    const none = await runCli(['compare', ...TINY]);
    expect(none.errors[0]).toMatch(/--variants is required/);
    const seeds = await runCli(['compare', ...TINY, '--variants', 'none', '--seeds', '1,1']);
    expect(seeds.errors[0]).toMatch(/Invalid --seeds: got "1,1"; expected distinct seeds/);
  });
});

describe('compare helpers', () => {
  it('parses +amp entries and builds each run config', () => {
    const entries = parseVariants(['none', 'sen-mixup+amp']);
    expect(entries).toEqual([
      { label: 'none', variant: 'none', amp: false },
      { label: 'sen-mixup+amp', variant: 'sen-mixup', amp: true },
    ]);
    expect(() => parseVariants(['none', 'none'])).toThrow(/lists none twice/);
    const values: Record<string, FlagValue> = { dataset: 'trec', variants: ['none'], seeds: [1], epsilon: 0.1, alpha: 0.5 };
    const c = entryConfig(values, entries[1], 7);
    expect(c.method).toEqual({ variant: 'sen-mixup', options: { alpha: 0.5 }, amp: { epsilon: 0.1 } });
    expect(c.optim.seed).toBe(7);
    expect(entryConfig(values, entries[0], 7).method).toEqual({ variant: 'none', options: {}, amp: null });
    expect(entryDirName('word-mixup+amp')).toBe('word-mixup-amp');
  });
});
