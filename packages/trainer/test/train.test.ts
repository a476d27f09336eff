import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { MixStepStats } from '@ampmix/core';
import { betaPolicy, createMlp, linearMixer } from '@ampmix/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { train } from '../src/node/train.js';
import type { TrainOptions } from '../src/options.js';
import { evaluate } from '../src/evaluate.js';
import { loadCheckpoint, disposeCheckpoint, restoreWeights } from '../src/node/checkpoint/load.js';
import { blobs, jsonl, mixup, mlp, tmpDir, values } from './helpers.js';

const trainSet = blobs(30, 1);
const devSet = blobs(15, 2);
const testSet = blobs(15, 3);

afterEach(() => {
  vi.restoreAllMocks();
});

async function curve(seed: number, extra: Partial<TrainOptions<tf.Tensor>> = {}) {
  const model = mlp(7, [8], 0.2);
  const stats: MixStepStats[] = [];
  const result = await train({
    model, train: trainSet, method: mixup(), amp: { epsilon: 0.5, reweight: { window: 3 } }, steps: 8, batchSize: 8,
    learningRate: 0.01, seed, progress: 'none', callbacks: { onBatchEnd: (_s, st) => void stats.push(st) }, ...extra,
  });
  const w = values(model);
  model.dispose();
  return { stats, w, result };
}

describe('train', () => {
  it('gives the same loss curve and weights for the same seed, and another curve for another seed', async () => {
    const before = tf.memory().numTensors;
    const a = await curve(5);
    const b = await curve(5);
    const c = await curve(6);
    expect(a.stats).toHaveLength(8);
    expect(b.stats).toEqual(a.stats);
    expect(b.w).toEqual(a.w);
    expect(c.stats.map((s) => s.loss)).not.toEqual(a.stats.map((s) => s.loss));
    // AMP was active: λ moved and some examples trained on the perturbed loss
    expect(a.stats.some((s) => s.meanAbsDeltaLambda > 0)).toBe(true);
    expect(a.stats.every((s) => s.meanLambda > 0 && s.meanLambda < 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns, keeps the best-dev weights, reports both test errors, logs everything and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const logFile = path.join(dir, 'run.jsonl');
    const checkpointDir = path.join(dir, 'ckpt');
    const model = mlp(3);
    const evals: { step: number; devError: number; devLoss: number; best: boolean }[] = [];
    const calls: string[] = [];
    const initialDev = await evaluate(model, devSet);
    const result = await train({
      model, train: trainSet, dev: devSet, test: testSet, method: mixup(), amp: {}, epochs: 6, batchSize: 8,
      learningRate: 0.05, evalEvery: 2, logFile, checkpointDir, progress: 'none', seed: 2, config: { dataset: 'blobs' },
      callbacks: {
        onTrainBegin: ({ totalSteps }) => void calls.push(`begin ${totalSteps}`),
        onEvalEnd: (step, r) => void evals.push({ step, ...r }),
        onTrainEnd: (r) => void calls.push(`end ${r.steps}`),
      },
    });
    expect(calls).toEqual(['begin 24', 'end 24']);
    expect(result.steps).toBe(24);
    expect(result.skippedSteps).toBe(0);
    expect(evals.map((e) => e.step)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    // it learned: the best dev error is below the untrained model's
    expect(result.bestDev!.error).toBeLessThan(initialDev.error);
    const best = evals.reduce((b, e) => (e.devError < b.devError || (e.devError === b.devError && e.devLoss < b.devLoss) ? e : b));
    expect(result.bestDev).toEqual({ step: best.step, error: best.devError });
    expect(evals.filter((e) => e.best).at(-1)!.step).toBe(best.step);
    expect(result.lastDevError).toBe(evals.at(-1)!.devError);
    // (this seed's best is mid-run and the two models' test errors differ, so the checks below can tell them apart)
    expect(result.bestDev!.step).toBeLessThan(24);
    expect(result.testError.bestDev).not.toBe(result.testError.last);
    // the model now holds the best-dev weights: its dev error and test error are the reported ones
    expect((await evaluate(model, devSet)).error).toBe(best.devError);
    expect((await evaluate(model, testSet)).error).toBe(result.testError.bestDev);
    // the last weights are in the final checkpoint; their test error is the reported "last" one
    const ck = await loadCheckpoint(checkpointDir);
    expect(ck.step).toBe(24);
    expect(ck.bestWeights!.W1.dataSync()).toEqual(model.weights.W1.dataSync());
    const last = mlp(3);
    restoreWeights(last, ck);
    expect((await evaluate(last, testSet)).error).toBe(result.testError.last);
    disposeCheckpoint(ck);
    last.dispose();

    const lines = jsonl(logFile);
    const config = lines[0];
    expect(config.type).toBe('config');
    expect(config).toMatchObject({ seed: 2, backend: tf.getBackend(), batchSize: 8, totalSteps: 24, learningRate: 0.05, clipNorm: 10, extra: { dataset: 'blobs' } });
    expect(config.versions).toMatchObject({ tfjs: tf.version.tfjs, trainer: expect.any(String), node: process.version });
    const steps = lines.filter((l) => l.type === 'step');
    expect(steps.map((l) => l.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (const key of ['loss', 'lossBefore', 'lossAfter', 'maskRate', 'meanAbsDeltaLambda', 'meanLambda', 'gradNorm', 'skipped', 'clipScale', 'ms', 'epoch']) {
      expect(steps[0]).toHaveProperty(key);
    }
    expect(steps.at(-1)!.epoch).toBe(6);
    expect(lines.filter((l) => l.type === 'eval').map((l) => l.devError)).toEqual(evals.map((e) => e.devError));
    expect(lines.filter((l) => l.type === 'checkpoint').map((l) => l.step)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    const final = lines.at(-1)!;
    expect(final).toMatchObject({ type: 'result', steps: 24, bestDev: result.bestDev, testError: result.testError });
    expect(final.elapsedMs).toBeGreaterThan(0);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains without mixing, without dev, and reports the last test error only', async () => {
    const before = tf.memory().numTensors;
    const model = mlp(3);
    const stats: MixStepStats[] = [];
    const result = await train({ model, train: trainSet, test: testSet, progress: 'none', callbacks: { onBatchEnd: (_s, st) => void stats.push(st) } });
    // default: one epoch of batches of 50 → one step over 30 examples
    expect(result.steps).toBe(1);
    expect(result.bestDev).toBeNull();
    expect(result.lastDevError).toBeNull();
    expect(result.testError.bestDev).toBeNull();
    expect(result.testError.last).toBe((await evaluate(model, testSet)).error);
    expect(stats[0]).toMatchObject({ meanLambda: 1, maskRate: 0, meanAbsDeltaLambda: 0, skipped: false });
    expect(stats[0].lossAfter).toBe(stats[0].lossBefore);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prints plain progress lines on stderr in lines mode', async () => {
    const before = tf.memory().numTensors;
    const out: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stderr.write);
    const model = mlp(3);
    await train({ model, train: trainSet, dev: devSet, steps: 40, batchSize: 8, evalEvery: 20, progress: 'lines' });
    vi.restoreAllMocks();
    model.dispose();
    const text = out.join('');
    expect(text).not.toContain('\r');
    const stepLines = text.split('\n').filter((l) => l.startsWith('[ampmix] step'));
    expect(stepLines).toHaveLength(20);
    expect(stepLines[0]).toMatch(/^\[ampmix\] step 2\/40 \(5%\) loss \d+\.\d{4} ETA \S+$/);
    expect(stepLines.at(-1)).toMatch(/^\[ampmix\] step 40\/40 \(100%\) loss \d+\.\d{4} dev \d+\.\d{2}% ETA 0s$/);
    expect(text).toMatch(/\[ampmix\] eval at step 20: dev error \d+\.\d{2}% \(best\)\n/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails before training, creating nothing, when the log file or checkpoint folder cannot be written', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const model = mlp(3);
    const begin = vi.fn();
    const base = { model, train: trainSet, progress: 'none' as const, callbacks: { onTrainBegin: begin } };
    await expect(train({ ...base, logFile: path.join(file, 'run.jsonl') })).rejects.toThrow(/Invalid logFile: got ".*a-file\/run.jsonl"; expected a writable file path \(.*a-file is not a directory\)/);
    await expect(train({ ...base, logFile: dir })).rejects.toThrow(/logFile.*is a directory/);
    await expect(train({ ...base, logFile: path.join(dir, 'ok.jsonl'), checkpointDir: file })).rejects.toThrow(/Invalid checkpointDir: .*exists and is not a directory/);
    await expect(train({ ...base, checkpointDir: path.join(file, 'sub', 'ckpt') })).rejects.toThrow(/checkpointDir.*a-file is not a directory/);
    expect(begin).not.toHaveBeenCalled();
    expect(fs.readdirSync(dir)).toEqual(['a-file']);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to start a fresh run in a folder that holds another run’s checkpoints', async () => {
    const before = tf.memory().numTensors;
    const checkpointDir = tmpDir();
    const model = mlp(3);
    await train({ model, train: trainSet, steps: 2, batchSize: 8, checkpointDir, progress: 'none' });
    await expect(train({ model, train: trainSet, steps: 2, batchSize: 8, checkpointDir, progress: 'none' })).rejects.toThrow(
      /Invalid checkpointDir: .*holds checkpoints up to step 2\): pass resume: true/,
    );
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('paired runs', () => {
  it('the same seed gives the same batches whatever the method (data order has its own stream)', async () => {
    const seen: number[][] = [];
    const data = {
      size: 12,
      numClasses: 2,
      labels: Int32Array.from({ length: 12 }, (_, i) => i % 2),
      batch(indices: ArrayLike<number>) {
        seen.push(Array.from(indices));
        return { inputs: tf.tensor2d(Array.from(indices, (i) => [i / 12, 1 - i / 12])), labels: tf.tensor1d(Array.from(indices, (i) => i % 2), 'int32') };
      },
    };
    const runOnce = async (method: null | { name: string; policy: ReturnType<typeof betaPolicy>; mixer: typeof linearMixer }) => {
      seen.length = 0;
      const model = createMlp({ inputSize: 2, hiddenSizes: [4], numClasses: 2, seed: 1 });
      await train({ model, train: data, method, amp: method ? {} : false, steps: 7, batchSize: 4, seed: 5, progress: 'none' });
      model.dispose();
      return seen.map((b) => b.join(','));
    };
    const plain = await runOnce(null);
    const mixed = await runOnce({ name: 'mixup', policy: betaPolicy(), mixer: linearMixer });
    expect(mixed).toEqual(plain);
  });
});
