import * as tf from '@tensorflow/tfjs';
import type { MixPlan } from '@ampmix/core';
import { mixTargets, perExampleLoss, toTargets } from '@ampmix/core';
import { centralDifferences, maxAbsDiff } from '@ampmix/core/testing';
import { describe, expect, it } from 'vitest';
import type { CutMixExtras } from '../src/index.js';
import { boxAround, clipBox, cutMix } from '../src/index.js';
import type { Scenario } from './helpers/scenario.js';
import { BATCH, CLASSES, SHAPE, ampStep, boxesAt, createScenario, referenceLoss } from './helpers/scenario.js';

/** Batch-mean loss of the soft-box (gradient-pass) mix at λ, targets mixed with the plan's λ. */
function softBoxLoss(s: Scenario, lambda: ArrayLike<number>, tau: number): number {
  return tf.tidy(() => {
    const partners = tf.tensor1d(s.plan.partners, 'int32');
    const mixer = cutMix({ tau }).mixer;
    const l = tf.tensor1d(Float32Array.from(lambda));
    const logits = s.model.forward(s.x, { site: 'input', mix: (h) => mixer.mix(h, { plan: s.plan, lambda: l, partners, pass: 'gradient' }) });
    const targets = mixTargets(toTargets(s.y, CLASSES), partners, tf.tensor1d(s.plan.lambda));
    return tf.mean(perExampleLoss('softmax-ce', logits, targets)).dataSync()[0];
  });
}

describe('AMP mixStep through CutMix on a tiny image model', () => {
  it('matches an independent computation of ℓ, λ′, ℓ′, the mask, the loss and the weight gradients, without leaks', async () => {
    const before = tf.memory().numTensors;
    const s = createScenario(41);
    const epsilon = 4;
    const { grads, stats, details } = await ampStep(s, epsilon);
    const d = details!;
    // ℓ: the hard planned boxes
    const plain = referenceLoss(s, s.extras.boxes);
    expect(maxAbsDiff(d.lossBefore, plain.loss)).toBeLessThan(1e-4);
    // λ′ = clip(λ + ε·g, 0, 1)
    const lambdaPrime = Array.from(s.plan.lambda, (l, i) => Math.min(1, Math.max(0, l + epsilon * d.lambdaGrad[i])));
    expect(maxAbsDiff(d.lambdaPrime, lambdaPrime)).toBeLessThan(1e-6);
    // ℓ′: the hard boxes of λ′ about the same centres; this ε moves at least one box
    const perturbedBoxes = boxesAt(s, d.lambdaPrime);
    expect(perturbedBoxes.some((b, i) => b.join() !== s.extras.boxes[i].join())).toBe(true);
    const moved = referenceLoss(s, perturbedBoxes);
    expect(maxAbsDiff(d.lossAfter, moved.loss)).toBeLessThan(1e-4);
    // Min: each example takes the larger loss
    const mask = Array.from(moved.loss, (v, i) => (v > plain.loss[i] ? 1 : 0));
    expect(Array.from(d.mask)).toEqual(mask);
    const chosen = mask.map((m) => (m ? moved : plain));
    const loss = chosen.reduce((a, r, i) => a + r.loss[i], 0) / BATCH;
    expect(stats.loss).toBeCloseTo(loss, 4);
    // dL/dW = mean_i x̃_i ⊗ (p_i − ỹ_i), dL/db = mean_i (p_i − ỹ_i), with x̃_i the chosen pass's image
    const features = SHAPE[0] * SHAPE[1] * SHAPE[2];
    const gW = new Float64Array(features * CLASSES);
    const gb = new Float64Array(CLASSES);
    chosen.forEach((r, i) => {
      for (let j = 0; j < CLASSES; j++) {
        const e = (r.probs[i][j] - r.targets[i][j]) / BATCH;
        gb[j] += e;
        for (let f = 0; f < features; f++) gW[f * CLASSES + j] += r.mixed[i * features + f] * e;
      }
    });
    expect(maxAbsDiff(grads!.W.dataSync(), gW)).toBeLessThan(1e-4);
    expect(maxAbsDiff(grads!.b.dataSync(), gb)).toBeLessThan(1e-5);
    expect(stats.skipped).toBe(false);
    tf.dispose(Object.values(grads!));
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the Max step λ-gradient is the derivative of the soft-box loss (central differences)', async () => {
    const before = tf.memory().numTensors;
    for (const [seed, tau] of [[42, 1], [43, 0.5]] as const) {
      const s = createScenario(seed);
      const { grads, details } = await ampStep(s, 0.002, tau);
      tf.dispose(Object.values(grads!));
      const numeric = centralDifferences((l) => softBoxLoss(s, l, tau), s.plan.lambda, 1e-2);
      const scale = Math.max(...Array.from(numeric, Math.abs));
      expect(scale).toBeGreaterThan(1e-3); // the soft box really depends on λ
      expect(maxAbsDiff(details!.lambdaGrad, numeric)).toBeLessThan(2e-2 * scale + 1e-4);
      s.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an empty planned box (λ = 1) gets a zero, finite λ-gradient and the step is not skipped', async () => {
    const before = tf.memory().numTensors;
    const imageSize: [number, number] = [SHAPE[0], SHAPE[1]];
    const centres: [number, number][] = [[3, 3], [1.5, 4.5], [0, 0], [6, 6], [2.5, 2]];
    const sizes: [number, number][] = [[0, 0], [3, 3], [4, 4], [2, 2], [5, 2]];
    const boxes = centres.map((c, i) => clipBox(boxAround(c, sizes[i]), imageSize));
    const extras: CutMixExtras = { imageSize, centres, sizes, boxes };
    const plan: MixPlan = {
      lambda: Float32Array.from(boxes, (b) => 1 - ((b[2] - b[0]) * (b[3] - b[1])) / 36),
      partners: Int32Array.from([1, 2, 3, 4, 0]),
      site: 'input',
      extras: extras as unknown as Record<string, unknown>,
    };
    expect(plan.lambda[0]).toBe(1);
    const s = createScenario(44, plan);
    const { grads, stats, details } = await ampStep(s, 0.5);
    expect(stats.skipped).toBe(false);
    expect(Math.abs(details!.lambdaGrad[0])).toBe(0);
    expect(Array.from(details!.lambdaGrad).every(Number.isFinite)).toBe(true);
    expect(details!.lossAfter[0]).toBeCloseTo(details!.lossBefore[0], 6);
    tf.dispose(Object.values(grads!));
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
