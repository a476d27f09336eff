import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MixStepStats } from '@ampmix/core';
import { recordLambdas } from '../src/lambda-recorder.js';
import { train } from '@ampmix/trainer';
import type { StepMixing } from '@ampmix/trainer';
import { betaPolicy, createMlp, linearMixer } from '@ampmix/core';
import { gaussianBlobs } from '@ampmix/core/testing';

const blobs = (n: number, seed: number) => gaussianBlobs(n, seed);
const mlp = (seed = 1) => createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed, activation: 'tanh' });
const mixup = () => ({ name: 'mixup', policy: betaPolicy({ alpha: 1 }), mixer: linearMixer });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// expected counts over 10 bins of [0, 1], computed directly from the values
const expectCounts = (values: ArrayLike<number>[]) => {
  const c = new Array(10).fill(0);
  for (const v of values.flatMap((a) => Array.from(a))) c[Math.min(9, Math.floor(v * 10))]++;
  return c;
};

describe('recordLambdas', () => {
  it("records every step's plan λ and AMP's λ' as train reports them, and steps without mixing not at all", () => {
    const rec = recordLambdas(10);
    const stats = {} as MixStepStats;
    rec.onBatchEnd(1, stats, { lambda: Float32Array.of(0.05, 0.5, 0.95), lambdaPrime: Float32Array.of(0.06, 0.49, 1) });
    rec.onBatchEnd(2, stats, { lambda: Float32Array.of(0.31), lambdaPrime: null });
    rec.onBatchEnd(3, stats, { lambda: null, lambdaPrime: null });
    expect(rec.histograms.steps).toBe(2);
    expect(rec.histograms.lambda.counts).toEqual(expectCounts([[0.05, 0.5, 0.95, 0.31]]));
    expect(rec.histograms.lambdaPrime.counts).toEqual(expectCounts([[0.06, 0.49, 1]]));
  });

  it("records Δλ = λ' − λ and ℓ' − ℓ as log10 magnitudes by sign, and the weights", () => {
    const rec = recordLambdas(10);
    const stats = {} as MixStepStats;
    rec.onBatchEnd(1, stats, {
      lambda: Float32Array.of(0.5, 0.5, 0.5), lambdaPrime: Float32Array.of(0.5, 0.5 + 2 ** -10, 0.5 - 2 ** -20),
      weight: Float32Array.of(1, 1, 2.6), lossDelta: Float32Array.of(1e-6, -1e-3, 0),
    });
    const h = rec.histograms;
    // log10(2^-10) = −3.01 → bin [−3.5, −3) of 24 half-decade bins over [−12, 0]; log10(2^-20) = −6.02 → [−6.5, −6)
    const at = (v: number) => Math.floor((v + 12) / 0.5);
    expect(h.deltaLambda!.zero).toBe(1);
    expect(h.deltaLambda!.positive.counts[at(Math.log10(2 ** -10))]).toBe(1);
    expect(h.deltaLambda!.negative.counts[at(Math.log10(2 ** -20))]).toBe(1);
    expect(h.lossDelta!.positive.counts[Math.floor((Math.log10(Math.fround(1e-6)) + 12) / 0.5)]).toBe(1);
    expect(h.lossDelta!.negative.counts[Math.floor((Math.log10(Math.fround(1e-3)) + 12) / 0.5)]).toBe(1);
    expect(h.lossDelta!.zero).toBe(1);
    expect(h.weight!.counts[4]).toBe(2); // [1, 1.25)
    expect(h.weight!.counts[10]).toBe(1); // [2.5, 2.75)
  });

  it("gets λ from the plans and λ' from the engine through train's onBatchEnd, reading nothing more from the backend", async () => {
    const trainSet = blobs(24, 3);
    const model = mlp(2);
    const rec = recordLambdas(10);
    const seen: StepMixing[] = [];
    const result = await train({
      model, train: trainSet, method: mixup(), amp: { epsilon: 0.5 }, steps: 3, batchSize: 8, seed: 4, progress: 'none',
      callbacks: { onBatchEnd: (step, stats, mixing) => (seen.push(mixing), rec.onBatchEnd(step, stats, mixing)) },
    });
    expect(result.steps).toBe(3);
    expect(seen.every((m) => m.lambda?.length === 8 && m.lambdaPrime?.length === 8)).toBe(true);
    // AMP moved λ (ε = 0.5): λ' is the engine's, not a copy of the plan's
    expect(seen.some((m) => m.lambda!.some((l, i) => Math.abs(l - m.lambdaPrime![i]) > 1e-6))).toBe(true);
    expect(rec.histograms.steps).toBe(3);
    expect(rec.histograms.lambda.counts).toEqual(expectCounts(seen.map((m) => m.lambda!)));
    expect(rec.histograms.lambdaPrime.counts).toEqual(expectCounts(seen.map((m) => m.lambdaPrime!)));
    model.dispose();
  });
});
