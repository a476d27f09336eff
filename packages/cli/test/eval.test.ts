import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, TINY } from './helpers/run-cli.js';
import { applyEvalOverrides } from '../src/commands/eval.js';
import type { RunConfig } from '../src/config.js';

let root: string;
let run: string;
let trainOut: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-cli-eval-'));
  run = join(root, 'run');
  const r = await runCli(['train', ...TINY, '--dev-file', FIXTURES.dev, '--variant', 'word-mixup', '--steps', '3', '--seed', '5', '--out', run]);
  expect(r.code).toBe(0);
  trainOut = r.out;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ampmix eval', () => {
  it('reproduces the test error the run reported, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const r = await runCli(['eval', '--checkpoint', join(run, 'checkpoint'), '--backend', 'cpu']);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    const reported = /test error (\d+\.\d\d)%/.exec(trainOut)![1];
    expect(r.out).toMatch(new RegExp(`^test error ${reported.replace('.', '\\.')}% \\(loss \\d+\\.\\d{4}\\) on 16 examples — word-mixup, step 3, best-dev weights$`, 'm'));
    const dev = await runCli(['eval', '--checkpoint', join(run, 'checkpoint'), '--backend', 'cpu', '--split', 'dev', '--weights', 'last']);
    expect(dev.out).toMatch(/^dev error \d+\.\d\d% .* on 10 examples — word-mixup, step 3, last weights$/m);
  });

  it('a checkpoint from a different model: one line naming both, exit 1', async () => {
    const r = await runCli(['eval', '--checkpoint', join(run, 'checkpoint'), '--backend', 'cpu', '--model', 'lstm']);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^ampmix eval: checkpoint .*checkpoint holds a cnn model on .*tiny\.train; it does not fit --model lstm: missing weights .*unexpected weights .*conv2_W/);
  });

  it('a checkpoint with another vocabulary, a missing checkpoint, an image model for text', async () => {
    const other = await runCli(['eval', '--checkpoint', join(run, 'checkpoint'), '--backend', 'cpu', '--train-file', FIXTURES.dev, '--test-file', FIXTURES.test]);
    expect(other.code).toBe(1);
    expect(other.errors[0]).toMatch(/was trained with another vocabulary \(\d+ words\) than the one rebuilt from this data/);
    const missing = await runCli(['eval', '--checkpoint', join(root, 'nope')]);
    expect(missing.errors).toEqual([`ampmix eval: --checkpoint ${join(root, 'nope')}: no such folder`]);
    const empty = await runCli(['eval', '--checkpoint', root, '--backend', 'cpu']);
    expect(empty.code).toBe(1);
    expect(empty.errors[0]).toMatch(/^ampmix eval: no checkpoint in /);
    const none = await runCli(['eval']);
    expect(none.code).toBe(2);
    expect(none.errors[0]).toMatch(/--checkpoint <dir> is required/);
  });

  it('a damaged checkpoint is reported in one line', async () => {
    const copy = join(root, 'copy');
    await cp(join(run, 'checkpoint'), copy, { recursive: true });
    const { readdir, writeFile } = await import('node:fs/promises');
    const step = (await readdir(copy)).sort().at(-1)!;
    await writeFile(join(copy, step, 'weights.bin'), 'garbage');
    const r = await runCli(['eval', '--checkpoint', join(copy, step), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^ampmix eval: checkpoint .*step-0+3 is truncated: weights\.bin has 7 of its \d+ bytes$/);
  });
});

describe('applyEvalOverrides', () => {
  const saved: RunConfig = {
    label: 'word-mixup',
    data: { dataset: 'trec', files: null },
    model: { name: 'cnn', embeddingDim: 50, options: {} },
    method: { variant: 'word-mixup', options: {}, amp: null },
    optim: { seed: 1 },
  };
  it('replaces data and model, keeps the rest', () => {
    const c = applyEvalOverrides(saved, { dataset: 'sst2', model: 'lstm' });
    expect(c.data).toEqual({ dataset: 'sst2', files: null });
    expect(c.model).toEqual({ name: 'lstm', embeddingDim: 50, options: {} });
    expect(saved.model.name).toBe('cnn');
  });
  it('rejects an image model for text and test files without train files', () => {
    expect(() => applyEvalOverrides(saved, { model: 'mlp' })).toThrow(/--model mlp does not read text; use cnn or lstm/);
    expect(() => applyEvalOverrides(saved, { 'test-file': 'x' })).toThrow(/--test-file goes with data from files/);
  });
});
