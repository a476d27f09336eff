import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '@ampmix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, settingsFromFlags, trecCnnAmpCli } from '../src/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'trec-cnn-amp-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await trecCnnAmpCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('the default job, --quick', () => {
  it('trains WordMixup and WordMixup + AMP with the same seed, prints both test errors, the report and the time', async () => {
    const out = join(root, 'quick');
    await chooseBackend({ backend: 'wasm', log: () => {} });
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
    expect((await readdir(out)).sort()).toEqual(['.ampmix-example', 'compare.txt', 'report', 'word-mixup', 'word-mixup-amp']);
    const log = (await readFile(join(out, 'word-mixup-amp', 'seed-1', 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log.filter((l) => l.type === 'step')).toHaveLength(QUICK_SETTINGS.steps);
    expect(log[0].amp.epsilon).toBe(QUICK_SETTINGS.epsilon);
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
    expect(r.err.trim().split('\n').filter((l) => !l.startsWith('[ampmix]'))).toEqual([`trec-cnn-amp: --out ${other} exists and holds other files; choose a new or empty folder`]);
    const bad = await run(['--steps', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe('trec-cnn-amp: Invalid --steps: got "many"; expected an integer ≥ 1.');
    const unknown = await run(['--fast']);
    expect(unknown.err).toMatch(/^trec-cnn-amp: unknown flag --fast for trec-cnn-amp; allowed: --quick, /);
    const help = await run(['--help']);
    expect(help.out).toMatch(/^Usage: node examples\/trec-cnn-amp\/run\.mjs \[flags\]/);
  });
});

describe('settingsFromFlags', () => {
  it('starts from the defaults or --quick and applies the flags', () => {
    expect(settingsFromFlags({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromFlags({ quick: true, steps: 9, seeds: [4, 5], lr: 0.01, epsilon: 0.1, 'embedding-dim': 16, 'max-length': 20 })).toEqual({
      ...QUICK_SETTINGS, steps: 9, seeds: [4, 5], learningRate: 0.01, epsilon: 0.1, embeddingDim: 16, maxLength: 20,
    });
  });
});
