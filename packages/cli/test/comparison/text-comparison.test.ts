import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createKimCnn } from '@ampmix/text';
import { wordMixup } from '@ampmix/sentence-mixup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextComparisonCli, textComparisonFlags, textComparisonSettings } from '../../src/index.js';
import type { CommandHelp, TextComparisonSettings, TextComparisonSpec } from '../../src/index.js';

interface Settings extends TextComparisonSettings {
  numFilters: number;
}
const DEFAULTS: Settings = {
  steps: 400, batchSize: 50, learningRate: 5e-3, evalEvery: 25, embeddingDim: 64, maxLength: 24, dropout: 0.5,
  fraction: 1, alpha: 1, epsilon: 0.002, seeds: [1], numFilters: 32,
};
const QUICK: Settings = { ...DEFAULTS, steps: 4, batchSize: 16, evalEvery: 2, embeddingDim: 8, numFilters: 4, maxLength: 12, fraction: 0.05 };
const SPEC: TextComparisonSpec<Settings> = {
  name: 'cmp-test',
  dataset: 'trec',
  titles: { dataset: 'TREC', model: 'Kim CNN', method: 'WordMixup', unit: 'questions' },
  configs: [
    { label: 'word-mixup', dir: 'word-mixup', amp: false },
    { label: 'word-mixup+amp', dir: 'word-mixup-amp', amp: true },
  ],
  createModel: (data, s, seed) =>
    createKimCnn({ vocabSize: data.vocab.size, numClasses: data.numClasses, maxLength: data.maxLength, embeddingDim: s.embeddingDim, numFilters: s.numFilters, filterSizes: [2, 3], dropout: s.dropout, seed }),
  createMethod: (s) => wordMixup({ alpha: s.alpha }),
};
const FLAGS = textComparisonFlags(SPEC.name, DEFAULTS, 'tiny');
const HELP: CommandHelp = { command: 'cmp-test', summary: 'a comparison under test', usage: '[flags]', flags: FLAGS, examples: [] };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'text-comparison-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await tf.setBackend('cpu');
});

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runTextComparisonCli(SPEC, { flags: FLAGS, help: HELP, defaults: DEFAULTS, quick: QUICK }, argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('runTextComparisonCli', () => {
  it('trains both configurations with the same seed, prints both test errors, the report and the time', async () => {
    const out = join(root, 'quick');
    const first = await run(['--quick', '--out', join(root, 'warm'), '--backend', 'wasm', '--progress', 'none']);
    expect(first.code, first.err).toBe(0);
    const before = tf.memory().numTensors;
    const r = await run(['--quick', '--out', out, '--backend', 'wasm', '--progress', 'none']);
    expect(r.code, r.err).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('TREC test error (%), Kim CNN, best-dev model');
    expect(lines[1]).toMatch(/^configuration\s+seed 1\s+mean ± std\s+vs base$/);
    expect(lines[3]).toMatch(/^word-mixup\s+\d+\.\d\d\s+\d+\.\d\d ± n\/a$/);
    expect(lines[4]).toMatch(/^word-mixup\+amp\s+\d+\.\d\d\s+\d+\.\d\d ± n\/a\s+[+-]?\d+\.\d% vs word-mixup$/);
    expect(r.out).toContain(`report: ${join(out, 'report', 'index.html')}`);
    expect(r.out).toMatch(/^elapsed: \d+\.\d s on the wasm backend$/m);
    expect(r.err).toMatch(/^\[cmp-test\] TREC: \d+ train, \d+ dev, 500 test questions, vocabulary \d+, length 12$/m);
    expect((await readdir(out)).sort()).toEqual(['.ampmix-example', 'compare.txt', 'report', 'results.jsonl', 'word-mixup', 'word-mixup-amp']);
    // both runs are recorded in the grid runner's store, the +amp one paired with its base
    const records = (await readFile(join(out, 'results.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => x.run.configuration)).toEqual(['word-mixup', 'word-mixup-amp']);
    expect(lines[4]).toContain((100 * records[1].result.testError).toFixed(2));
    const log = (await readFile(join(out, 'word-mixup-amp', 'seed-1', 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log.filter((l) => l.type === 'step')).toHaveLength(QUICK.steps);
    expect(log[0].amp.epsilon).toBe(QUICK.epsilon);
    expect(existsSync(join(out, 'report', 'training-loss.png'))).toBe(true);
    // the same seed gives both runs the same data, plans and initialisation: the first λ batch means agree
    const plain = (await readFile(join(out, 'word-mixup', 'seed-1', 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(plain.find((l) => l.type === 'step').meanLambda).toBe(log.find((l) => l.type === 'step').meanLambda);
    // a second run replaces the folder it wrote
    const again = await run(['--quick', '--out', out, '--backend', 'wasm', '--progress', 'none', '--steps', '2']);
    expect(again.code).toBe(0);
  });

  it('refuses a folder it did not write and bad flags, in one line', async () => {
    const other = join(root, 'other');
    await mkdir(other);
    await writeFile(join(other, 'keep.txt'), 'x');
    const r = await run(['--quick', '--out', other, '--backend', 'cpu', '--progress', 'none']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n').filter((l) => !l.startsWith('[ampmix]'))).toEqual([`cmp-test: --out ${other} already exists and holds other files; choose a new or empty folder`]);
    expect(await readdir(other)).toEqual(['keep.txt']);
    const bad = await run(['--steps', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe('cmp-test: Invalid --steps: got "many"; expected an integer ≥ 1.');
    const unknown = await run(['--fast']);
    expect(unknown.err).toMatch(/^cmp-test: unknown flag --fast for cmp-test; allowed: --quick, /);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: cmp-test \[flags\]/);
    expect(help.out).toContain('runs/cmp-test');
  });
});

describe('textComparisonSettings', () => {
  it('starts from the defaults or --quick and applies the flags', () => {
    expect(textComparisonSettings({}, DEFAULTS, QUICK)).toEqual(DEFAULTS);
    expect(textComparisonSettings({ quick: true, steps: 9, seeds: [4, 5], lr: 0.01, epsilon: 0.1, 'embedding-dim': 16, 'max-length': 20 }, DEFAULTS, QUICK)).toEqual({
      ...QUICK, steps: 9, seeds: [4, 5], learningRate: 0.01, epsilon: 0.1, embeddingDim: 16, maxLength: 20,
    });
  });
});
