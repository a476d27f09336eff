import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { perExampleLoss, toTargets } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { train } from '../src/node/train.js';
import { loadCheckpoint, disposeCheckpoint } from '../src/node/checkpoint/load.js';
import { blobs, jsonl, mlp, tmpDir } from './helpers.js';

const data = blobs(30, 1);

/** The full-batch gradient of the mean cross-entropy at the model's initial weights, computed directly. */
function fullBatchGradient(): { grads: Record<string, Float32Array>; norm: number } {
  const model = mlp(3);
  const batch = data.batch(Int32Array.from({ length: data.size }, (_, i) => i));
  const { grads, value } = tf.variableGrads(() => tf.mean(perExampleLoss('softmax-ce', model.forward(batch.inputs), toTargets(batch.labels, 3))) as tf.Scalar);
  const byLocal: Record<string, Float32Array> = {};
  let sq = 0;
  for (const [k, w] of Object.entries(model.weights)) {
    const g = grads[w.name].dataSync() as Float32Array;
    byLocal[k] = g;
    sq += g.reduce((s, x) => s + x * x, 0);
  }
  [...Object.values(grads), value, batch.inputs, batch.labels].forEach((t) => t.dispose());
  model.dispose();
  return { grads: byLocal, norm: Math.sqrt(sq) };
}

/** One full-batch step with clipping `clipNorm`; returns Adam's first moment m = (1 − β₁)·scale·g and the logged step. */
async function firstMoment(clipNorm: number) {
  const model = mlp(3);
  const dir = tmpDir();
  await train({ model, train: data, steps: 1, batchSize: 30, clipNorm, checkpointDir: path.join(dir, 'ckpt'), logFile: path.join(dir, 'log.jsonl'), progress: 'none' });
  const ck = await loadCheckpoint(path.join(dir, 'ckpt'));
  const m = Object.fromEntries(Object.entries(ck.optimizer!.m).map(([k, t]) => [k, t.dataSync() as Float32Array]));
  disposeCheckpoint(ck);
  model.dispose();
  return { m, logged: jsonl(path.join(dir, 'log.jsonl')).find((l) => l.type === 'step')! };
}

describe('gradient-norm clipping', () => {
  it('scales the gradients Adam sees by min(1, clipNorm / ‖g‖)', async () => {
    const before = tf.memory().numTensors;
    const { grads, norm } = fullBatchGradient();
    expect(norm).toBeGreaterThan(0.05); // so the first clipNorm below clips
    for (const [clipNorm, scale] of [[0.05, 0.05 / norm], [0, 1], [1e6, 1]] as const) {
      const { m, logged } = await firstMoment(clipNorm);
      expect(logged.gradNorm as number).toBeCloseTo(norm, 5);
      expect(logged.clipScale as number).toBeCloseTo(scale, 5);
      for (const [k, g] of Object.entries(grads)) {
        for (let i = 0; i < g.length; i++) expect(Math.abs(m[k][i] - 0.1 * scale * g[i])).toBeLessThan(1e-6);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
