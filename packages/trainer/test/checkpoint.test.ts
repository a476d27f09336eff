import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@ampmix/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointError } from '../src/errors.js';
import { Adam } from '../src/adam.js';
import { writeCheckpoint } from '../src/node/checkpoint/write.js';
import { disposeCheckpoint, loadCheckpoint, restoreWeights } from '../src/node/checkpoint/load.js';
import { checkpointName, listCheckpoints } from '../src/node/checkpoint/layout.js';
import type { CheckpointData } from '../src/checkpoint/types.js';
import { mlp, tmpDir, values } from './helpers.js';

const runState = { skippedSteps: 1, nonFiniteInARow: 0, evalsWithoutImprovement: 2, best: { step: 4, error: 0.25, loss: 0.7 }, lastDev: null, elapsedMs: 12.5 };

/** Writes checkpoints of a model at the given steps (its weights shifted by the step, so each differs). */
async function writeSteps(root: string, steps: number[]): Promise<void> {
  const model = mlp(2);
  try {
    for (const step of steps) {
      const shifted = tf.tidy(() => Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, tf.add(w, step)])));
      try {
        await writeCheckpoint(root, { step, config: { seed: step }, weights: shifted });
      } finally {
        Object.values(shifted).forEach((t) => t.dispose());
      }
    }
  } finally {
    model.dispose();
  }
}

function flipByte(file: string, at: number): void {
  const bytes = fs.readFileSync(file);
  bytes[at] ^= 0xff;
  fs.writeFileSync(file, bytes);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checkpoints', () => {
  it('round-trip weights, Adam state, best weights, RNG, AMP and data-order state exactly', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    const model = mlp(5);
    const adam = new Adam(model.weights, { learningRate: 0.05 });
    const g = tf.tidy(() => Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, tf.randomNormal(w.shape, 0, 1, 'float32', 7)])));
    adam.apply(g);
    const rng = new Rng(11);
    rng.next();
    const best = tf.tidy(() => Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, tf.mul(w, 3)])));
    const data: CheckpointData = {
      step: 7,
      config: { seed: 11, note: 'x' },
      weights: model.weights,
      optimizer: adam.getState(),
      bestWeights: best,
      rng: rng.getState(),
      amp: { reweight: { batches: [[0.5, 0.25], []] } },
      dataOrder: { epoch: 2, position: 3, order: [2, 0, 1, 3] },
      run: runState,
    };
    const dir = await writeCheckpoint(root, data);
    expect(dir).toBe(path.join(root, checkpointName(7)));
    const ck = await loadCheckpoint(root);
    expect(ck.step).toBe(7);
    expect(ck.path).toBe(dir);
    expect(ck.skipped).toEqual([]);
    expect(ck.config).toEqual({ seed: 11, note: 'x' });
    expect(ck.rng).toEqual(rng.getState());
    expect(ck.amp).toEqual(data.amp);
    expect(ck.dataOrder).toEqual(data.dataOrder);
    expect(ck.run).toEqual(runState);
    expect(ck.optimizer!.step).toBe(1);
    for (const [k, w] of Object.entries(model.weights)) {
      expect(Array.from(ck.weights[k].dataSync())).toEqual(Array.from(w.dataSync()));
      expect(ck.weights[k].shape).toEqual(w.shape);
      expect(Array.from(ck.optimizer!.m[k].dataSync())).toEqual(Array.from(adam.getState().m[k].dataSync()));
      expect(Array.from(ck.optimizer!.v[k].dataSync())).toEqual(Array.from(adam.getState().v[k].dataSync()));
      expect(Array.from(ck.bestWeights![k].dataSync())).toEqual(Array.from(best[k].dataSync()));
    }
    disposeCheckpoint(ck);
    adam.dispose();
    model.dispose();
    [...Object.values(g), ...Object.values(best)].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the previous good checkpoint and removes the temporary folder when a write fails midway', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    await writeSteps(root, [1]);
    const real = fs.writeSync.bind(fs) as (...a: unknown[]) => number;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...args: unknown[]) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return real(...args);
    }) as typeof fs.writeSync);
    await expect(writeSteps(root, [2])).rejects.toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(fs.readdirSync(root)).toEqual([checkpointName(1)]);
    const ck = await loadCheckpoint(root);
    expect(ck.step).toBe(1);
    disposeCheckpoint(ck);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the previous checkpoint when the final rename fails, and only the newest two after success', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    await writeSteps(root, [1]);
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw new Error('EXDEV: simulated crash before the rename');
    });
    await expect(writeSteps(root, [2])).rejects.toThrow(/EXDEV/);
    vi.restoreAllMocks();
    expect(fs.readdirSync(root)).toEqual([checkpointName(1)]);
    await writeSteps(root, [2, 3, 4]);
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([4, 3]);
    expect(fs.readdirSync(root).sort()).toEqual([checkpointName(3), checkpointName(4)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('detects a truncated file, names it, and falls back to the previous good checkpoint', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    await writeSteps(root, [1, 2]);
    const weights = path.join(root, checkpointName(2), 'weights.bin');
    const size = fs.statSync(weights).size;
    fs.truncateSync(weights, size - 10);
    await expect(loadCheckpoint(path.join(root, checkpointName(2)))).rejects.toThrow(
      new RegExp(`is truncated: weights.bin has ${size - 10} of its ${size} bytes`),
    );
    const ck = await loadCheckpoint(root);
    expect(ck.step).toBe(1);
    expect(ck.skipped).toHaveLength(1);
    expect(ck.skipped[0].reason).toMatch(/truncated/);
    // the fallback is the step-1 checkpoint: its weights are the model's shifted by 1
    const model = mlp(2);
    expect(ck.weights.b1.dataSync()[0]).toBeCloseTo(model.weights.b1.dataSync()[0] + 1, 6);
    model.dispose();
    disposeCheckpoint(ck);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('detects a flipped byte, a corrupted manifest, a missing manifest and a missing directory', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    await writeSteps(root, [1]);
    const dir = path.join(root, checkpointName(1));
    flipByte(path.join(dir, 'weights.bin'), 5);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/is corrupted: weights.bin fails its SHA-256 checksum/);
    flipByte(path.join(dir, 'weights.bin'), 5);
    fs.writeFileSync(path.join(dir, 'state.json'), `${fs.readFileSync(path.join(dir, 'state.json'), 'utf8')}  `);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/state.json has \d+ bytes; the manifest says/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"format": "ampmix-checkp');
    await expect(loadCheckpoint(dir)).rejects.toThrow(/manifest.json is not valid JSON/);
    await expect(loadCheckpoint(root)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(root)).rejects.toThrow(/no valid checkpoint in .*manifest.json is not valid JSON/);
    fs.rmSync(path.join(dir, 'manifest.json'));
    await expect(loadCheckpoint(root)).rejects.toThrow(/incomplete: manifest.json is missing/);
    await expect(loadCheckpoint(tmpDir())).rejects.toThrow(/no checkpoint in/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restores weights into the same architecture and refuses a different model clearly', async () => {
    const before = tf.memory().numTensors;
    const root = tmpDir();
    const source = mlp(3);
    await writeCheckpoint(root, { step: 1, config: {}, weights: source.weights });
    const ck = await loadCheckpoint(root);
    const same = mlp(4);
    restoreWeights(same, ck);
    expect(values(same)).toEqual(values(source));
    const wider = mlp(4, [16]);
    expect(() => restoreWeights(wider, ck)).toThrow(/different model: W1 is \[4, 8\] in the checkpoint but \[4, 16\] in the model; b1 is \[8\] in the checkpoint but \[16\]/);
    const deeper = mlp(4, [8, 8]);
    expect(() => restoreWeights(deeper, ck)).toThrow(/different model: missing weights W3, b3/);
    expect(() => restoreWeights(deeper, ck)).toThrow(CheckpointError);
    [source, same, wider, deeper].forEach((m) => m.dispose());
    disposeCheckpoint(ck);
    expect(tf.memory().numTensors).toBe(before);
  });
});
