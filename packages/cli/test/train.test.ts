import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, TINY } from './helpers/run-cli.js';
import { readRunLog } from '@ampmix/report';
import { disposeCheckpoint, loadCheckpoint, readWeights } from '@ampmix/trainer/node';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-cli-train-'));
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ampmix train', () => {
  it('trains WordMixup + AMP, writes the run folder and leaves no tensors', async () => {
    const out = join(root, 'run-amp');
    const before = tf.memory().numTensors;
    const r = await runCli(['train', ...TINY, '--variant', 'word-mixup', '--amp', '--epsilon', '0.5', '--steps', '4', '--eval-every', '2', '--seed', '3', '--out', out]);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.out).toMatch(/^word-mixup\+amp \(seed 3\): test error \d+\.\d\d% \(best dev \d+\.\d\d% at step [24]; last model \d+\.\d\d%\)$/m);
    expect(r.out).toContain(`run folder: ${out}`);
    expect((await readdir(out)).sort()).toEqual(['checkpoint', 'lambda-hist.json', 'log.jsonl', 'model', 'summary.json']);
    expect(r.out).toContain(`model: ${join(out, 'model')} (best-dev weights of step ${r.out.match(/at step (\d+)/)![1]};`);
    const log = await readRunLog(join(out, 'log.jsonl'));
    expect(log.steps).toHaveLength(4);
    expect(log.evals.map((e) => e.step)).toEqual([2, 4]);
    expect(log.config.seed).toBe(3);
    expect(log.steps.every((s) => s.meanAbsDeltaLambda > 0)).toBe(true);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.label).toBe('word-mixup+amp');
    expect(summary.result.steps).toBe(4);
    expect(summary.testError).toBe(summary.result.testError.bestDev);
    expect(summary.model).toEqual({ path: 'model', weights: 'best-dev', step: summary.result.bestDev.step });
    // the saved model is the best-dev weights (as the last checkpoint keeps them), in tfjs's weights format
    const saved = await readWeights(join(out, 'model'));
    const ckpt = await loadCheckpoint(join(out, 'checkpoint'));
    const best = ckpt.bestWeights!;
    expect(Object.keys(saved.weights).sort()).toEqual(Object.keys(log.config.weights as object).sort());
    for (const [k, t] of Object.entries(saved.weights)) expect(t.dataSync()).toEqual(best[k].dataSync());
    tf.dispose(Object.values(saved.weights));
    disposeCheckpoint(ckpt);
    const hist = JSON.parse(await readFile(join(out, 'lambda-hist.json'), 'utf8'));
    expect(hist.steps).toBe(4);
    const total = (h: { counts: number[]; below: number; above: number }) => h.counts.reduce((a, b) => a + b, 0) + h.below + h.above;
    expect(total(hist.lambda)).toBe(32); // 4 batches of 8
    expect(total(hist.lambdaPrime)).toBe(32);
  });

  it('gives the same losses for the same seed', async () => {
    const a = join(root, 'same-a');
    const b = join(root, 'same-b');
    const args = ['train', ...TINY, '--variant', 'sen-mixup', '--steps', '3', '--seed', '9'];
    await runCli([...args, '--out', a]);
    await runCli([...args, '--out', b]);
    const la = await readRunLog(join(a, 'log.jsonl'));
    const lb = await readRunLog(join(b, 'log.jsonl'));
    expect(la.steps.map((s) => s.loss)).toEqual(lb.steps.map((s) => s.loss));
  });

  it('a missing data file: one line, exit 1, nothing written', async () => {
    const out = join(root, 'missing');
    const r = await runCli(['train', '--train-file', join(root, 'nope.train'), '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([`ampmix train: --train-file ${join(root, 'nope.train')}: no such file`]);
    expect(existsSync(out)).toBe(false);
    const g = await runCli(['train', '--train-file', FIXTURES.train, '--embeddings', join(root, 'glove.txt'), '--out', out]);
    expect(g.errors).toEqual([`ampmix train: --embeddings ${join(root, 'glove.txt')}: no such file`]);
    expect(existsSync(out)).toBe(false);
  });

  it('an unwritable --out: one line, exit 1, nothing written', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const r = await runCli(['train', ...TINY, '--steps', '1', '--out', join(file, 'run')]);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^ampmix train: --out .*a-file\/run cannot be created: .*a-file is a file, not a folder$/);
    const f = await runCli(['train', ...TINY, '--steps', '1', '--out', file]);
    expect(f.errors).toEqual([`ampmix train: --out ${file} is a file; expected a folder`]);
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('a malformed data file: one line naming the file and line, nothing written', async () => {
    const bad = join(root, 'bad.train');
    await writeFile(bad, '1 good film\nno-label-here\n');
    const out = join(root, 'bad-run');
    const r = await runCli(['train', '--train-file', bad, '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(`${bad}:2`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a folder that holds a run without --resume, resumes with it, and rejects changed flags', async () => {
    const out = join(root, 'resume');
    const base = ['train', ...TINY, '--variant', 'word-mixup', '--seed', '2', '--out', out];
    expect((await runCli([...base, '--steps', '2'])).code).toBe(0);
    const again = await runCli([...base, '--steps', '2']);
    expect(again.code).toBe(1);
    expect(again.errors).toEqual([`ampmix train: --out ${out} already holds a run; pass --resume to continue it, or choose a new folder`]);
    const changed = await runCli([...base, '--steps', '4', '--resume', '--alpha', '0.5']);
    expect(changed.code).toBe(2);
    expect(changed.errors[0]).toMatch(/--resume with other settings than the run in .*: method\.options\.alpha was 1 \(the default\), now 0\.5;/);
    // a default given explicitly is the same setting (issue 14, case 11)
    const explicit = await runCli([...base, '--steps', '3', '--resume', '--alpha', '1', '--fraction', '1', '--clip-norm', '10']);
    expect(explicit.errors).toEqual([]);
    expect(explicit.code).toBe(0);
    const more = await runCli([...base, '--steps', '4', '--resume']);
    expect(more.errors).toEqual([]);
    expect(more.code).toBe(0);
    const log = await readRunLog(join(out, 'log.jsonl'));
    expect(log.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    const hist = JSON.parse(await readFile(join(out, 'lambda-hist.json'), 'utf8'));
    expect(hist.steps).toBe(4);
  });

  it('a non-empty folder that is not a run is refused', async () => {
    const out = join(root, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'mine');
    const r = await runCli(['train', ...TINY, '--steps', '1', '--out', out]);
    expect(r.errors).toEqual([`ampmix train: --out ${out} exists and is not empty; choose a new or empty folder`]);
    expect(await readdir(out)).toEqual(['notes.txt']);
  });

  it('trains without --out (nothing written) and with a dev file', async () => {
    const r = await runCli(['train', ...TINY, '--dev-file', FIXTURES.dev, '--variant', 'none', '--steps', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^none \(seed 0\): test error/m);
    expect(r.err).toMatch(/\[ampmix\] data: tiny\.train: \d+ train, 10 dev, 16 test sentences/);
  });
});
