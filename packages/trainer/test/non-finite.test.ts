import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { MixStepStats } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { train } from '../src/node/train.js';
import { TrainingError } from '../src/errors.js';
import { loadCheckpoint, disposeCheckpoint } from '../src/node/checkpoint/load.js';
import { blobs, jsonl, mixup, mlp, poisonable, tmpDir, values } from './helpers.js';

const trainSet = blobs(30, 1);

describe('non-finite steps', () => {
  it('are skipped without touching the weights or Adam, counted and logged', async () => {
    const before = tf.memory().numTensors;
    const model = poisonable(mlp(3));
    const dir = tmpDir();
    const logFile = path.join(dir, 'run.jsonl');
    const snapshots: Record<string, Float32Array>[] = [];
    const stats: MixStepStats[] = [];
    const result = await train({
      model, train: trainSet, method: mixup(), amp: {}, steps: 5, batchSize: 8, learningRate: 0.05, logFile,
      checkpointDir: path.join(dir, 'ckpt'), progress: 'none',
      callbacks: {
        onBatchEnd: (step, st) => {
          stats.push(st);
          snapshots.push(values(model));
          model.poisoned.on = step === 2; // step 3 sees NaN logits
        },
      },
    });
    expect(stats.map((s) => s.skipped)).toEqual([false, false, true, false, false]);
    expect(Number.isNaN(stats[2].loss)).toBe(true);
    expect(snapshots[2]).toEqual(snapshots[1]);
    expect(snapshots[3]).not.toEqual(snapshots[2]);
    expect(result.skippedSteps).toBe(1);
    expect(result.steps).toBe(5);
    const ck = await loadCheckpoint(path.join(dir, 'ckpt'));
    expect(ck.optimizer!.step).toBe(4);
    expect(ck.run!.skippedSteps).toBe(1);
    disposeCheckpoint(ck);
    const step3 = jsonl(logFile).find((l) => l.type === 'step' && l.step === 3)!;
    expect(step3).toMatchObject({ skipped: true, loss: null });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stop the run after maxNonFiniteSteps in a row, with a checkpoint of the last good state that resumes exactly', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const checkpointDir = path.join(dir, 'ckpt');
    const logFile = path.join(dir, 'run.jsonl');
    const base = { train: trainSet, method: mixup(), amp: {}, batchSize: 8, learningRate: 0.05, progress: 'none' as const, seed: 4 };
    // reference: an unpoisoned run
    const clean = mlp(3);
    const cleanLosses: number[] = [];
    await train({ ...base, model: clean, steps: 6, callbacks: { onBatchEnd: (_s, st) => void cleanLosses.push(st.loss) } });
    const cleanWeights = values(clean);
    clean.dispose();

    const model = poisonable(mlp(3));
    let afterStep2: Record<string, Float32Array> = {};
    const err = await train({
      ...base, model, steps: 20, maxNonFiniteSteps: 3, checkpointDir, logFile,
      callbacks: {
        onBatchEnd: (step) => {
          if (step === 2) afterStep2 = values(model);
          if (step >= 2) model.poisoned.on = true;
        },
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).message).toMatch(/3 non-finite steps in a row \(steps 3–5.*The last good state is step 2, saved in .*step-000000002/);
    expect((err as TrainingError).lastGoodStep).toBe(2);
    const lines = jsonl(logFile);
    expect(lines.filter((l) => l.type === 'step').map((l) => l.skipped)).toEqual([false, false, true, true, true]);
    expect(lines.at(-1)).toMatchObject({ type: 'error', step: 5, lastGoodStep: 2 });

    const ck = await loadCheckpoint(checkpointDir);
    expect(ck.step).toBe(2);
    expect(ck.run!.nonFiniteInARow).toBe(0);
    expect(Object.fromEntries(Object.entries(ck.weights).map(([k, t]) => [k, t.dataSync()]))).toEqual(afterStep2);
    disposeCheckpoint(ck);

    // fixed (poison off), the run resumes from step 2 exactly as the clean run went on
    model.poisoned.on = false;
    const losses: number[] = [];
    await train({ ...base, model, steps: 6, checkpointDir, resume: true, callbacks: { onBatchEnd: (_s, st) => void losses.push(st.loss) } });
    expect(losses).toEqual(cleanLosses.slice(2));
    expect(values(model)).toEqual(cleanWeights);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
