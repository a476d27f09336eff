import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { train } from '../src/node/train.js';
import { loadCheckpoint, disposeCheckpoint } from '../src/node/checkpoint/load.js';
import { blobs, frozenModel, jsonl, tmpDir } from './helpers.js';

describe('early stopping', () => {
  it('stops after `patience` evaluations without dev improvement and checkpoints there', async () => {
    const before = tf.memory().numTensors;
    const model = frozenModel(); // its dev error never changes
    const dir = tmpDir();
    const bests: boolean[] = [];
    const result = await train({
      model, train: blobs(30, 1), dev: blobs(15, 2), test: blobs(15, 3), steps: 20, batchSize: 8, evalEvery: 2,
      earlyStopping: { patience: 3 }, progress: 'none', logFile: path.join(dir, 'run.jsonl'), checkpointDir: path.join(dir, 'ckpt'),
      callbacks: { onEvalEnd: (_s, r) => void bests.push(r.best) },
    });
    expect(bests).toEqual([true, false, false, false]);
    expect(result.steps).toBe(8);
    expect(result.bestDev).toEqual({ step: 2, error: 2 / 3 });
    expect(result.testError).toEqual({ bestDev: 2 / 3, last: 2 / 3 });
    const lines = jsonl(path.join(dir, 'run.jsonl'));
    expect(lines.filter((l) => l.type === 'early-stop')).toEqual([{ type: 'early-stop', step: 8, bestStep: 2 }]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', steps: 8, stopped: expect.stringMatching(/early stopping/) });
    const ck = await loadCheckpoint(path.join(dir, 'ckpt'));
    expect(ck.step).toBe(8);
    disposeCheckpoint(ck);
    // resuming the stopped run trains no further and reports the same result
    const batches: number[] = [];
    const again = await train({
      model, train: blobs(30, 1), dev: blobs(15, 2), test: blobs(15, 3), steps: 20, batchSize: 8, evalEvery: 2,
      earlyStopping: { patience: 3 }, progress: 'none', checkpointDir: path.join(dir, 'ckpt'), resume: true,
      callbacks: { onBatchEnd: (s) => void batches.push(s) },
    });
    expect(batches).toEqual([]);
    expect({ ...again, elapsedMs: 0 }).toEqual({ ...result, elapsedMs: 0 });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
