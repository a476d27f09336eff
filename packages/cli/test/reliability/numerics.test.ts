import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { CustomGradientFunc, Mixer, MixStepStats } from '@ampmix/core';
import { betaPolicy, linearMixer } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';
import { TrainingError } from '@ampmix/trainer';
import { disposeCheckpoint, loadCheckpoint } from '@ampmix/trainer/node';
import { blobs, mlp, readLines, runCli, STACK_LINE, TINY, tmpDir, values } from './helpers.js';

const trainSet = blobs(30, 11);

/**
 * Linear mixing whose Max-step pass (`gradient`) carries a term of value 0 and λ-gradient ±∞ (or NaN)
 * while `poison.on`: the losses stay finite, only AMP's λ-gradient is not.
 */
function spikyLambdaGradient(poison: { on: boolean }): Mixer {
  const spike = tf.customGrad(((l: tf.Tensor) => ({ value: tf.zerosLike(l), gradFunc: (dy: tf.Tensor) => tf.mul(dy, Infinity) })) as CustomGradientFunc);
  return {
    name: 'spiky',
    mix(h, ctx) {
      const out = linearMixer.mix(h, ctx);
      if (ctx.pass !== 'gradient' || !poison.on) return out;
      return tf.tidy(() => tf.add(out, tf.reshape(spike(ctx.lambda) as tf.Tensor, [h.shape[0], 1])));
    },
  };
}

describe('a non-finite λ-gradient (the losses finite)', () => {
  it('skips the update (no weight, no Adam step), logs it, and stops after maxNonFiniteSteps with the last good state saved', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const logFile = path.join(dir, 'run.jsonl');
    const checkpointDir = path.join(dir, 'ckpt');
    const poison = { on: false };
    const model = mlp(5);
    const snapshots: Record<string, number[]>[] = [];
    const stats: MixStepStats[] = [];
    const err = await train({
      model, train: trainSet, method: { name: 'spiky', policy: betaPolicy(), mixer: spikyLambdaGradient(poison) }, amp: {},
      steps: 20, batchSize: 8, learningRate: 0.05, maxNonFiniteSteps: 3, logFile, checkpointDir, checkpointEvery: 1, progress: 'none',
      callbacks: {
        onBatchEnd: (step, st) => {
          stats.push(st);
          snapshots.push(values(model));
          poison.on = step >= 2; // steps 3, 4, 5 have a non-finite λ-gradient
        },
      },
    }).catch((e: unknown) => e);

    // the losses were finite: only the λ-gradient made these steps non-finite
    expect(stats.map((s) => s.skipped)).toEqual([false, false, true, true, true]);
    expect(stats.slice(2).every((s) => Number.isFinite(s.lossBefore))).toBe(true);
    // no weight moved during the skipped steps
    expect(snapshots[2]).toEqual(snapshots[1]);
    expect(snapshots[4]).toEqual(snapshots[1]);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).message).toBe(
      `3 non-finite steps in a row (steps 3–5: the loss or the gradients were NaN or infinite); stopped. The last good state is step 2, saved in ${path.join(checkpointDir, 'step-000000002')}. Lower the learning rate, check the inputs, or raise the non-finite step limit.`,
    );
    expect((err as TrainingError).lastGoodStep).toBe(2);

    // counted in the JSONL log: every step line says whether it was skipped; the last line is the error
    const lines = readLines(logFile);
    const steps = lines.filter((l) => l.type === 'step');
    expect(steps.map((l) => [l.step, l.skipped])).toEqual([[1, false], [2, false], [3, true], [4, true], [5, true]]);
    expect(lines.at(-1)).toMatchObject({ type: 'error', step: 5, lastGoodStep: 2, checkpoint: path.join(checkpointDir, 'step-000000002') });

    // the saved state is the last good one: step 2's weights, Adam after 2 updates, no skipped-step counters
    const ck = await loadCheckpoint(checkpointDir);
    expect(ck.step).toBe(2);
    expect(ck.optimizer!.step).toBe(2);
    expect(ck.run!.nonFiniteInARow).toBe(0);
    expect(Object.fromEntries(Object.entries(ck.weights).map(([k, t]) => [k, Array.from(t.dataSync())]))).toEqual(snapshots[1]);
    disposeCheckpoint(ck);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a good step resets the count: isolated non-finite steps are skipped and counted, the run finishes', async () => {
    const before = tf.memory().numTensors;
    const logFile = path.join(tmpDir(), 'run.jsonl');
    const poison = { on: false };
    const bad = new Set([2, 3, 5, 6]); // never 3 in a row
    const model = mlp(6);
    const result = await train({
      model, train: trainSet, method: { name: 'spiky', policy: betaPolicy(), mixer: spikyLambdaGradient(poison) }, amp: {},
      steps: 8, batchSize: 8, learningRate: 0.05, maxNonFiniteSteps: 3, logFile, progress: 'none',
      callbacks: { onBatchEnd: (step) => void (poison.on = bad.has(step + 1)) },
    });
    expect(result.steps).toBe(8);
    expect(result.skippedSteps).toBe(4);
    const lines = readLines(logFile);
    expect(lines.filter((l) => l.type === 'step' && l.skipped).map((l) => l.step)).toEqual([2, 3, 5, 6]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', skippedSteps: 4, stopped: null });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ampmix train: a run that diverges (--lr 1e30)', () => {
  let dir = '';
  let run: Awaited<ReturnType<typeof runCli>>;
  const out = () => path.join(dir, 'run');
  const setup = async () => {
    if (run) return run;
    dir = tmpDir();
    run = await runCli(['train', ...TINY, '--variant', 'word-mixup', '--amp', '--steps', '30', '--lr', '1e30', '--checkpoint-every', '1', '--out', out()]);
    return run;
  };

  it('stops with one line (exit 1, no stack) naming the last good step and where it is saved', async () => {
    const r = await setup();
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.errors[0]).toMatch(/^ampmix train: 10 non-finite steps in a row \(steps 2–11: .*\); stopped\. The last good state is step 1, saved in .*step-000000001\./);
  });

  it('keeps the run folder: the checkpoint of the last good state the message names exists and loads', async () => {
    const r = await setup();
    const saved = /saved in (.*step-\d+)\./.exec(r.errors[0] ?? '')?.[1];
    expect(saved).toBe(path.join(out(), 'checkpoint', 'step-000000001'));
    expect(fs.existsSync(saved!), `${saved} should exist`).toBe(true);
    const ck = await loadCheckpoint(saved!);
    expect(ck.step).toBe(1);
    disposeCheckpoint(ck);
    expect(readLines(path.join(out(), 'log.jsonl')).at(-1)).toMatchObject({ type: 'error', lastGoodStep: 1 });
  });

  it('advises in CLI terms (flags the CLI has)', async () => {
    const r = await setup();
    expect(r.errors[0]).not.toMatch(/learningRate|maxNonFiniteSteps/);
    expect(r.errors[0]).toMatch(/--lr/);
  });
});
