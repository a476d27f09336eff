import fc from 'fast-check';
import { Rng } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { cutMix, lambdaResolutionOf, referenceBoxSides, sampleBoxes, sidesAtLambda } from '../src/index.js';

const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));

/** Yun et al.'s code, transcribed: cut = int(H·√(1 − λ)); [c − cut//2, c + cut//2) clipped (per axis). */
function yunBox(lambda: number, [H, W]: [number, number], [cy, cx]: [number, number]) {
  const r = Math.sqrt(1 - lambda);
  const [ch, cw] = [Math.trunc(H * r), Math.trunc(W * r)];
  return [clamp(cy - Math.floor(ch / 2), H), clamp(cx - Math.floor(cw / 2), W), clamp(cy + Math.floor(ch / 2), H), clamp(cx + Math.floor(cw / 2), W)];
}
/**
 * The exact rule: side ⌊√(1 − λ)·H⌋ starting ⌊side/2⌋ before the centre pixel, clipped. The floor takes a 1e-9
 * slack (documented in geometry.ts) so that a product that is an integer in exact arithmetic is not floored down.
 */
function exactBox(lambda: number, [H, W]: [number, number], [cy, cx]: [number, number]) {
  const r = Math.sqrt(1 - lambda);
  const [h, w] = [Math.floor(H * r + 1e-9), Math.floor(W * r + 1e-9)];
  const [y1, x1] = [cy - Math.floor(h / 2), cx - Math.floor(w / 2)];
  return [clamp(y1, H), clamp(x1, W), clamp(y1 + h, H), clamp(x1 + w, W)];
}

const plans = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  size: fc.tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 })),
  lambdas: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
});

describe("CutMix box rules over random plans", () => {
  it.each([['reference', yunBox], ['exact', exactBox]] as const)('box: %s matches its formula, and λ is the kept share', (rule, formula) => {
    fc.assert(
      fc.property(plans, ({ seed, size, lambdas }) => {
        const got = sampleBoxes(new Rng(seed), lambdas, size, rule);
        const rng = new Rng(seed); // the same draws: row, then column, per example
        lambdas.forEach((l, i) => {
          const pixel: [number, number] = [rng.int(size[0]), rng.int(size[1])];
          const want = formula(l, size, pixel);
          expect(got.boxes[i]).toEqual(want);
          const area = Math.max(0, want[2] - want[0]) * Math.max(0, want[3] - want[1]);
          expect(got.lambda[i]).toBeCloseTo(1 - area / (size[0] * size[1]), 6);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the reference side is the exact side rounded down to even (hand-computed)', () => {
    expect(referenceBoxSides(0.5, [28, 28])).toEqual([18, 18]); // int(19.80) = 19 → 2·9
    expect(sampleBoxes(new Rng(1), [0.5], [28, 28], 'exact').sizes[0]).toEqual([19, 19]);
    expect(referenceBoxSides(0.75, [8, 8])).toEqual([4, 4]);
    expect(referenceBoxSides(0, [5, 7])).toEqual([4, 6]);
  });

  it('cutMix({ box }) validates the rule and the policy uses it', () => {
    expect(() => cutMix({ box: 'yun' as 'exact' })).toThrow(/box: got "yun"; expected one of "exact", "reference"/);
    const plan = cutMix({ box: 'reference' }).policy.plan({ batchSize: 20, rng: new Rng(3), sites: ['input'], inputShape: [28, 28, 1] });
    const sizes = (plan.extras as { sizes: [number, number][] }).sizes;
    expect(sizes.every(([h, w]) => h % 2 === 0 && w % 2 === 0)).toBe(true);
  });
});

describe('lambdaResolutionOf: the smallest Δλ that changes the hard box', () => {
  it('below it the sides stay, just above it (shrinking) the larger side moves by one pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (h, w, planLambda) => {
        const sides: [number, number] = [h, w];
        const r = lambdaResolutionOf(sides, planLambda);
        expect(sidesAtLambda(sides, planLambda, planLambda + r * 0.999)).toEqual(sides);
        expect(sidesAtLambda(sides, planLambda, planLambda - r * 0.999)).toEqual(sides);
        const moved = sidesAtLambda(sides, planLambda, Math.min(1, planLambda + r * 1.001));
        expect(Math.max(h, w) - Math.max(...moved)).toBe(1);
      }),
      { numRuns: 300 },
    );
    expect(lambdaResolutionOf([0, 0], 1)).toBe(Infinity);
  });

  it("the mixer declares it per example, and CutMix's AMP defaults are per-example steps", () => {
    const method = cutMix();
    const plan = method.policy.plan({ batchSize: 4, rng: new Rng(2), sites: ['input'], inputShape: [28, 28, 1] });
    const sizes = (plan.extras as { sizes: [number, number][] }).sizes;
    expect(Array.from(method.mixer.lambdaResolution!(plan))).toEqual(sizes.map((s, i) => lambdaResolutionOf(s, plan.lambda[i])));
    expect(method.ampDefaults).toEqual({ gradScale: 'sum', epsilon: 0.1 });
  });
});
