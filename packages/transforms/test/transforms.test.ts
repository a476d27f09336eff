import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '@ampmix/core';
import { mixerContract } from '@ampmix/core/testing';
import { applyMixPlan, createMixTransform, cutmixTransform, mixupTransform, mixTransformMixer } from '../src/index.js';
import type { MixTransformExtras } from '../src/index.js';

const images = (rng: Rng, n = 4, h = 8, w = 8, c = 1) => tf.tensor(Float32Array.from({ length: n * h * w * c }, () => rng.normal()), [n, h, w, c]);

describe('mixer contract (core testing suite)', () => {
  const subjects = [
    { name: 'mixup (elem)', t: mixupTransform({ numClasses: 3, mode: 'elem' }) },
    { name: 'cutmix (elem)', t: cutmixTransform({ numClasses: 3, mode: 'elem' }) },
    { name: 'mixup + cutmix, switchProb 0.5 (elem)', t: createMixTransform({ numClasses: 3, cutmixAlpha: 1, mode: 'elem' }) },
    { name: 'cutmix with cutmixMinMax (pair)', t: createMixTransform({ numClasses: 3, mixupAlpha: 0, cutmixMinMax: [0.2, 0.8], mode: 'pair' }) },
  ];
  for (const { name, t } of subjects) {
    for (const c of mixerContract({ name, policy: t.method.policy, mixer: t.method.mixer, sites: ['input'], sample: (rng) => images(rng), inputShape: [8, 8, 1] })) it(c.name, c.run);
  }
});

describe('applyMixPlan by hand', () => {
  it('mixup with label smoothing: x̃ = λx_i + (1 − λ)x_π, ỹ = λ·smooth(y_i) + (1 − λ)·smooth(y_π)', () => {
    const plan = { lambda: Float32Array.from([0.25, 1]), partners: Int32Array.from([1, 0]), site: 'input' };
    const out = applyMixPlan({ xs: tf.tensor2d([[0, 4], [8, 12]]), ys: tf.tensor1d([0, 2], 'int32') }, plan, mixTransformMixer(false), 4, 0.2);
    expect(Array.from(out.xs.dataSync())).toEqual([6, 10, 8, 12]);
    // smooth: on 1 − 0.2 + 0.05 = 0.85, off 0.05
    const want = [0.25 * 0.85 + 0.75 * 0.05, 0.05, 0.25 * 0.05 + 0.75 * 0.85, 0.05, 0.05, 0.05, 0.85, 0.05];
    Array.from(out.ys.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    tf.dispose([out.xs, out.ys]);
  });
});

describe('timm / torchvision semantics', () => {
  it('partners: flip (timm) pairs i with B−1−i, roll (torchvision) with i−1; batch mode shares λ and box', () => {
    const flip = createMixTransform({ numClasses: 2, cutmixAlpha: 1, seed: 3 }).nextPlan(5, [6, 6, 1]);
    expect(Array.from(flip.partners)).toEqual([4, 3, 2, 1, 0]);
    expect(new Set(flip.lambda).size).toBe(1);
    const e = flip.extras as unknown as MixTransformExtras;
    expect(new Set(e.boxes.map((b) => b.join())).size).toBe(1);
    expect(Array.from(createMixTransform({ numClasses: 2, partner: 'roll' }).nextPlan(4).partners)).toEqual([3, 0, 1, 2]);
  });

  it('pair mode: i and B−1−i share λ and the box (each pastes the other), an odd middle example is left alone', () => {
    const t = createMixTransform({ numClasses: 2, cutmixAlpha: 1, mode: 'pair', seed: 5 });
    for (let k = 0; k < 20; k++) {
      const p = t.nextPlan(7, [8, 8, 3]);
      const e = p.extras as unknown as MixTransformExtras;
      for (let i = 0; i < 3; i++) {
        expect(p.lambda[i]).toBe(p.lambda[6 - i]);
        expect(e.boxes[i]).toEqual(e.boxes[6 - i]);
        expect(e.useCutmix[i]).toBe(e.useCutmix[6 - i]);
      }
      expect([p.lambda[3], e.useCutmix[3]]).toEqual([1, 0]);
    }
  });

  it('switchProb and prob: the share of CutMix and of unmixed draws follows them (elem mode, 4000 draws)', () => {
    const t = createMixTransform({ numClasses: 2, cutmixAlpha: 1, switchProb: 0.3, prob: 0.6, mode: 'elem', seed: 1 });
    const p = t.nextPlan(4000, [4, 4, 1]);
    const cut = (p.extras as unknown as MixTransformExtras).useCutmix.reduce((a, b) => a + b, 0) / 4000;
    const mixed = (p.extras as unknown as MixTransformExtras).useCutmix.filter((u, i) => u === 1 || p.lambda[i] !== 1).length / 4000;
    expect(Math.abs(cut - 0.6 * 0.3)).toBeLessThan(0.03);
    expect(Math.abs(mixed - 0.6)).toBeLessThan(0.03);
    const none = createMixTransform({ numClasses: 2, prob: 0 }).nextPlan(10);
    expect(Array.from(none.lambda)).toEqual(new Array(10).fill(1));
  });

  it('cutmixMinMax: sides within ⌊(min, max)·side⌋ and boxes fully inside the image; correctLam false keeps the drawn λ', () => {
    const t = cutmixTransform({ numClasses: 2, cutmixMinMax: [0.25, 0.75], mode: 'elem', seed: 2 });
    const p = t.nextPlan(200, [16, 12, 1]);
    const e = p.extras as unknown as MixTransformExtras;
    e.sizes.forEach(([h, w], i) => {
      expect(h).toBeGreaterThanOrEqual(4);
      expect(h).toBeLessThan(12);
      expect(w).toBeGreaterThanOrEqual(3);
      expect(w).toBeLessThan(9);
      const [y1, x1, y2, x2] = e.boxes[i];
      expect([y2 - y1, x2 - x1]).toEqual([h, w]);
      expect(p.lambda[i]).toBeCloseTo(1 - (h * w) / 192, 6);
    });
    const raw = cutmixTransform({ numClasses: 2, correctLam: false, mode: 'elem', seed: 2 }).nextPlan(50, [5, 5, 1]);
    const re = raw.extras as unknown as MixTransformExtras;
    expect(raw.lambda.some((l, i) => Math.abs(l - (1 - (re.boxes[i][2] - re.boxes[i][0]) * (re.boxes[i][3] - re.boxes[i][1]) / 25)) > 1e-3)).toBe(true);
  });

  it('validates options, naming them', () => {
    expect(() => createMixTransform({ numClasses: 2, mixupAlpha: 0 })).toThrow(/Invalid mixupAlpha: got 0; expected a number > 0 \(or cutmixAlpha > 0, or cutmixMinMax\)/);
    expect(() => createMixTransform({ numClasses: 2, mode: 'pair', partner: 'roll' })).toThrow(/Invalid partner: got "roll"; expected "flip" in pair mode/);
    expect(() => createMixTransform({ numClasses: 2, cutmixMinMax: [0.8, 0.2] })).toThrow(/Invalid cutmixMinMax/);
    expect(() => createMixTransform({ numClasses: 2, switch_prob: 0.5 } as never)).toThrow(/Invalid mix transform option "switch_prob"/);
    const t = cutmixTransform({ numClasses: 2 });
    const x = tf.zeros([2, 6]);
    expect(() => t({ xs: x, ys: tf.tensor1d([0, 1], 'int32') })).toThrow(/CutMix needs inputShape \[height, width, channels\]/);
    x.dispose();
  });
});

describe('properties (fast-check)', () => {
  it('targets sum to 1; the share of pixels pasted from the partner is 1 − λ (CutMix); leak-free', () => {
    const before = tf.memory().numTensors;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 7 }), fc.integer({ min: 3, max: 9 }), fc.integer({ min: 3, max: 9 }),
        fc.constantFrom('batch', 'pair', 'elem'), fc.boolean(), fc.double({ min: 0, max: 0.3, noNaN: true }),
        (seed, B, H, W, mode, minmax, smoothing) => {
          const t = cutmixTransform({ numClasses: 4, mode: mode as 'batch', seed, labelSmoothing: smoothing, cutmixMinMax: minmax ? [0.1, 0.9] : null });
          // example i is the constant i + 1: a pixel holding π(i) + 1 was pasted from the partner
          const xs = tf.tidy(() => tf.mul(tf.ones([B, H, W, 1]), tf.range(1, B + 1).reshape([B, 1, 1, 1])));
          const ys = tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 4), 'int32');
          t.reset(seed);
          const plan = t.nextPlan(B, [H, W, 1]);
          t.reset(seed);
          const out = t({ xs, ys });
          const px = out.xs.dataSync();
          const sums = tf.tidy(() => out.ys.sum(1).dataSync());
          for (let i = 0; i < B; i++) {
            expect(Math.abs(sums[i] - 1)).toBeLessThan(1e-5);
            const j = plan.partners[i];
            if (j === i) continue;
            let pasted = 0;
            for (let k = 0; k < H * W; k++) if (px[i * H * W + k] === j + 1) pasted += 1;
            expect(Math.abs(pasted / (H * W) - (1 - plan.lambda[i]))).toBeLessThan(1e-6);
          }
          tf.dispose([xs, ys, out.xs, out.ys]);
        },
      ),
      { numRuns: 60 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Mixup: x̃ = λx_i + (1 − λ)x_π exactly per example; targets sum to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('batch', 'pair', 'elem'), (seed, B, mode) => {
        const t = mixupTransform({ numClasses: 3, mode: mode as 'elem', seed, alpha: 0.4 });
        const x = tf.tensor2d(Float32Array.from({ length: B * 2 }, (_, k) => k), [B, 2]);
        const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 3), 'int32'), 3);
        t.reset(seed);
        const plan = t.nextPlan(B);
        t.reset(seed);
        const out = t({ xs: x, ys: y });
        const v = out.xs.dataSync();
        for (let i = 0; i < B; i++) {
          const j = plan.partners[i];
          for (let d = 0; d < 2; d++) expect(v[2 * i + d]).toBeCloseTo(plan.lambda[i] * (2 * i + d) + (1 - plan.lambda[i]) * (2 * j + d), 4);
        }
        const s = tf.tidy(() => out.ys.sum(1).dataSync());
        s.forEach((v2) => expect(Math.abs(v2 - 1)).toBeLessThan(1e-6));
        tf.dispose([x, y, out.xs, out.ys]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('in a tf.data pipeline', () => {
  it('dataset.map(transform) mixes every batch, the same seed gives the same batches, and nothing leaks', async () => {
    const rng = new Rng(4);
    const n = 20;
    const xs = images(rng, n, 6, 6, 1);
    const labels = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i % 3), 'int32');
    const [xl, yl] = [tf.unstack(xs), tf.unstack(labels)];
    const before = tf.memory().numTensors;
    const run = async () => {
      const t = createMixTransform({ numClasses: 3, cutmixAlpha: 1, mode: 'elem', labelSmoothing: 0.1, seed: 9 });
      const ds = tf.data.zip({ xs: tf.data.array(xl), ys: tf.data.array(yl) }).batch(8).map(t as never) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
      const seen: number[][] = [];
      await ds.forEachAsync(({ xs: bx, ys: by }) => {
        expect(by.shape).toEqual([bx.shape[0], 3]);
        seen.push(Array.from(bx.dataSync()).slice(0, 20));
        tf.dispose([bx, by]);
      });
      return seen;
    };
    const [a, b] = [await run(), await run()];
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, labels, ...xl, ...yl]);
  });
});
