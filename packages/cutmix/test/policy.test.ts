import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import type { MixPlan, Rng as RngType } from '@ampmix/core';
import { OptionError, Rng, ShapeError, permutation, sampleLambdas, validatePlan } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import type { CutMixExtras } from '../src/index.js';
import { boxArea, cutMixMixer, cutMixPolicy, sampleBoxes } from '../src/index.js';

/** An Rng stand-in whose int(n) returns scripted values (checked to be < n). */
function scriptedRng(values: number[]): RngType {
  let k = 0;
  return {
    int(n: number) {
      const v = values[k++];
      if (!(v < n)) throw new Error(`scripted value ${v} not below ${n}`);
      return v;
    },
  } as unknown as RngType;
}

const planOf = (seed: number, batchSize: number, inputShape: number[], options = {}) =>
  cutMixPolicy(options).plan({ batchSize, rng: new Rng(seed), sites: ['input'], inputShape });

describe('sampleBoxes (hand-computed)', () => {
  it('cuts, centres and clips each box and recomputes λ from the clipped area', () => {
    // centre pixels: (4, 4), (0, 0), (7, 7), (2, 5)
    const got = sampleBoxes(scriptedRng([4, 4, 0, 0, 7, 7, 2, 5]), [0.75, 0.75, 0.19, 1], [8, 8]);
    expect(got.sizes).toEqual([[4, 4], [4, 4], [7, 7], [0, 0]]);
    expect(got.centres).toEqual([[4, 4], [0, 0], [7.5, 7.5], [2, 5]]);
    expect(got.boxes).toEqual([
      [2, 2, 6, 6], // interior, 16 px
      [0, 0, 2, 2], // top-left corner, 4 px
      [4, 4, 8, 8], // 7×7 about (7, 7) → [4, 4, 11, 11] clipped, 16 px
      [2, 5, 2, 5], // λ = 1: empty
    ]);
    expect(Array.from(got.lambda)).toEqual([1 - 16 / 64, 1 - 4 / 64, 1 - 16 / 64, 1].map(Math.fround));
  });

  it('handles non-square images and a box on one border', () => {
    // 6×10 image, λ = 0.64 → √0.36 = 0.6 → sides 3×6; centre pixel (5, 1) → rows 4..6, columns −2..3
    const got = sampleBoxes(scriptedRng([5, 1]), [0.64], [6, 10]);
    expect(got.sizes).toEqual([[3, 6]]);
    expect(got.boxes).toEqual([[4, 0, 6, 4]]);
    expect(got.lambda[0]).toBeCloseTo(1 - 8 / 60, 6);
  });
});

describe('cutMixPolicy', () => {
  it('gives the same boxes for the same seed and different ones for other seeds', () => {
    const a = planOf(21, 6, [12, 10, 3]);
    const b = planOf(21, 6, [12, 10, 3]);
    expect(JSON.stringify([...a.lambda, ...a.partners, a.extras])).toBe(JSON.stringify([...b.lambda, ...b.partners, b.extras]));
    const c = planOf(22, 6, [12, 10, 3]);
    expect(JSON.stringify(c.extras)).not.toBe(JSON.stringify(a.extras));
  });

  it('draws λ ~ Beta(α, α), then π, then the centre pixels, from the context rng', () => {
    const plan = planOf(5, 5, [9, 7, 1], { alpha: 0.4 });
    const rng = new Rng(5);
    const drawn = sampleLambdas(rng, 5, 0.4, 'example');
    const partners = permutation(rng, 5);
    const boxes = sampleBoxes(rng, drawn, [9, 7]);
    expect(Array.from(plan.partners)).toEqual(Array.from(partners));
    expect(Array.from(plan.lambda)).toEqual(Array.from(boxes.lambda));
    expect(plan.extras).toEqual({ imageSize: [9, 7], centres: boxes.centres, sizes: boxes.sizes, boxes: boxes.boxes });
    validatePlan(plan, 5, ['input']);
    expect(plan.site).toBe('input');
  });

  it('mixes at the configured site and names a site the model lacks', () => {
    const plan = cutMixPolicy({ site: 'conv1' }).plan({ batchSize: 2, rng: new Rng(1), sites: ['input', 'conv1'], inputShape: [4, 4, 1] });
    expect(plan.site).toBe('conv1');
    expect(() => cutMixPolicy({ site: 'conv9' }).plan({ batchSize: 2, rng: new Rng(1), sites: ['input'], inputShape: [4, 4, 1] })).toThrow(
      /site: got "conv9"; expected one of the model's sites: "input"/,
    );
  });

  it('needs an [H, W, C] inputShape', () => {
    const policy = cutMixPolicy();
    expect(() => policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'] })).toThrow(OptionError);
    expect(() => policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'], inputShape: [16] })).toThrow(ShapeError);
    expect(() => policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'], inputShape: [16] })).toThrow(/\[16\]/);
    expect(() => policy.plan({ batchSize: 0, rng: new Rng(1), sites: ['input'], inputShape: [4, 4, 1] })).toThrow(/batchSize: got 0/);
  });

  it('property: λ is the kept fraction of every random plan, and the mixer pastes exactly 1 − λ of the pixels', () => {
    const before = tf.memory().numTensors;
    const mixer = cutMixMixer();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(0.2, 1, 3),
        (seed, height, width, batch, alpha) => {
          const plan: MixPlan = planOf(seed, batch, [height, width, 1], { alpha });
          const ex = plan.extras as unknown as CutMixExtras;
          const pixels = height * width;
          for (let i = 0; i < batch; i++) {
            const [y1, x1, y2, x2] = ex.boxes[i];
            expect(0 <= y1 && y1 <= y2 && y2 <= height && 0 <= x1 && x1 <= x2 && x2 <= width).toBe(true);
            expect(y2 - y1 <= ex.sizes[i][0] && x2 - x1 <= ex.sizes[i][1]).toBe(true);
            expect(Math.abs(plan.lambda[i] - (1 - boxArea(ex.boxes[i]) / pixels))).toBeLessThan(1e-6);
          }
          // image i is filled with the value i; partner of i is i + 1 (mod B), so pasted pixels show i + 1
          const shifted = Int32Array.from({ length: batch }, (_, i) => (i + 1) % batch);
          const mixed = tf.tidy(() => {
            const h = tf.tensor1d(Float32Array.from({ length: batch }, (_, i) => i)).reshape([batch, 1, 1, 1]).tile([1, height, width, 1]);
            const ctx = { plan, lambda: tf.tensor1d(plan.lambda), partners: tf.tensor1d(shifted, 'int32'), pass: 'plan' as const };
            return mixer.mix(h, ctx).dataSync();
          });
          for (let i = 0; i < batch; i++) {
            const row = mixed.subarray(i * pixels, (i + 1) * pixels);
            const pasted = row.filter((v) => v === shifted[i]).length;
            expect(row.every((v) => v === i || v === shifted[i])).toBe(true);
            expect(Math.abs(plan.lambda[i] - (1 - pasted / pixels))).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 60, seed: 20190601 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
