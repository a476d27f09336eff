import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { train } from '../src/node/train.js';
import type { TrainOptions, TrainResult } from '../src/options.js';
import { CheckpointError } from '../src/errors.js';
import { loadCheckpoint, disposeCheckpoint } from '../src/node/checkpoint/load.js';
import { checkpointName } from '../src/node/checkpoint/layout.js';
import { blobs, jsonl, mixup, mlp, tmpDir, values } from './helpers.js';

const trainSet = blobs(30, 1);
const devSet = blobs(15, 2);
const testSet = blobs(15, 3);

/** AMP with re-weighting, dropout, partial batches and a resume mid-epoch: every piece of state matters. */
async function run(steps: number, extra: Partial<TrainOptions<tf.Tensor>> = {}) {
  const model = mlp(4, [8], 0.2);
  const losses: number[] = [];
  const result: TrainResult = await train({
    model, train: trainSet, dev: devSet, test: testSet, method: mixup(), amp: { epsilon: 0.5, reweight: { window: 3 } },
    steps, batchSize: 8, evalEvery: 3, learningRate: 0.02, seed: 9, progress: 'none',
    callbacks: { onBatchEnd: (_s, st) => void losses.push(st.loss) }, ...extra,
  });
  const dir = extra.checkpointDir;
  let last: Record<string, Float32Array> | null = null;
  if (dir) {
    const ck = await loadCheckpoint(dir);
    last = Object.fromEntries(Object.entries(ck.weights).map(([k, t]) => [k, t.dataSync() as Float32Array]));
    disposeCheckpoint(ck);
  }
  const held = values(model);
  model.dispose();
  return { losses, result, last, held };
}

describe('resume', () => {
  it('continues exactly: N steps then M resumed steps equal N + M straight steps', async () => {
    const before = tf.memory().numTensors;
    const straight = await run(12, { checkpointDir: tmpDir() });
    const dir = tmpDir();
    const logFile = path.join(dir, 'run.jsonl');
    const first = await run(7, { checkpointDir: path.join(dir, 'ckpt'), logFile });
    const second = await run(12, { checkpointDir: path.join(dir, 'ckpt'), logFile, resume: true });
    expect(first.losses).toEqual(straight.losses.slice(0, 7));
    expect(second.losses).toEqual(straight.losses.slice(7));
    expect(second.last).toEqual(straight.last);
    expect(second.held).toEqual(straight.held);
    expect({ ...second.result, elapsedMs: 0 }).toEqual({ ...straight.result, elapsedMs: 0 });
    expect(second.result.elapsedMs).toBeGreaterThan(first.result.elapsedMs);
    // one log across both sessions: two config lines, every step once
    const lines = jsonl(logFile);
    expect(lines.filter((l) => l.type === 'config').map((l) => (l.resumedFrom as { step: number } | null)?.step ?? null)).toEqual([null, 7]);
    expect(lines.filter((l) => l.type === 'step').map((l) => l.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from the previous good checkpoint when the newest is corrupted, and says so', async () => {
    const before = tf.memory().numTensors;
    const straight = await run(9);
    const dir = tmpDir();
    await run(6, { checkpointDir: dir, checkpointEvery: 2 });
    expect(fs.readdirSync(dir).sort()).toEqual([checkpointName(4), checkpointName(6)]);
    const weights = path.join(dir, checkpointName(6), 'weights.bin');
    fs.truncateSync(weights, fs.statSync(weights).size - 1);
    const out: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => {
      out.push(String(c));
      return true;
    }) as typeof process.stderr.write);
    const resumed = await run(9, { checkpointDir: dir, resume: true, progress: 'lines' });
    vi.restoreAllMocks();
    expect(out.join('')).toMatch(/passed over an invalid checkpoint: checkpoint .*step-000000006 is truncated: weights.bin/);
    expect(resumed.losses).toEqual(straight.losses.slice(4));
    // the corrupted checkpoint was moved aside, not deleted and not loaded again
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.corrupt-step-000000006'))).toHaveLength(1);
    expect(resumed.held).toEqual(straight.held);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to resume a checkpoint of a different model, before training', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    await run(2, { checkpointDir: dir });
    const wider = mlp(4, [16]);
    const begin = vi.fn();
    await expect(
      train({ model: wider, train: trainSet, steps: 4, batchSize: 8, checkpointDir: dir, resume: true, progress: 'none', callbacks: { onTrainBegin: begin } }),
    ).rejects.toThrow(CheckpointError);
    await expect(train({ model: wider, train: trainSet, steps: 4, batchSize: 8, checkpointDir: dir, resume: true, progress: 'none' })).rejects.toThrow(
      /was written for a different model: W1 is \[4, 8\] in the checkpoint but \[4, 16\] in the model/,
    );
    const same = mlp(4);
    await expect(train({ model: same, train: trainSet, steps: 4, batchSize: 10, checkpointDir: dir, resume: true, progress: 'none' })).rejects.toThrow(
      /written with batchSize 8; this run uses 10/,
    );
    expect(begin).not.toHaveBeenCalled();
    wider.dispose();
    same.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts afresh when resume finds no checkpoint', async () => {
    const before = tf.memory().numTensors;
    const straight = await run(3);
    const resumed = await run(3, { checkpointDir: path.join(tmpDir(), 'new'), resume: true });
    expect(resumed.losses).toEqual(straight.losses);
    expect(tf.memory().numTensors).toBe(before);
  });
});
