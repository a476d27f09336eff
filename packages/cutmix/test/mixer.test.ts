import * as tf from '@tensorflow/tfjs';
import type { MixPass, MixPlan } from '@ampmix/core';
import { OptionError, Rng, ShapeError, betaPolicy } from '@ampmix/core';
import { maxAbsDiff, mixerContract } from '@ampmix/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CutMixExtras } from '../src/index.js';
import { boxAtLambda, boxAround, clipBox, cutMix, cutMixMixer } from '../src/index.js';
import { pasteBoxes, randomValues, sigmoid } from './helpers/reference.js';

const method = cutMix({ alpha: 1, tau: 1 });

describe('CutMix passes the mixer contract', () => {
  const cases = mixerContract({
    name: 'cutmix',
    policy: method.policy,
    mixer: method.mixer,
    sites: ['input'],
    inputShape: [8, 8, 2],
    sample: (rng) => tf.tensor4d(randomValues(rng, 4 * 8 * 8 * 2), [4, 8, 8, 2]),
  });
  for (const c of cases) {
    it(c.name, async () => {
      const before = tf.memory().numTensors;
      // the contract's leak case creates two tensors outside tidy for its tf.grad call (and allows them):
      // run each case in a tidy scope so that nothing outlives it, then require an exact count
      let pending: void | Promise<void> = undefined;
      tf.tidy(() => {
        pending = c.run();
      });
      await pending;
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

/** A hand-made plan: example i gets the box of `sizes[i]` about `centres[i]`. */
function handPlan(imageSize: [number, number], centres: [number, number][], sizes: [number, number][], partners: number[]): MixPlan {
  const boxes = centres.map((c, i) => clipBox(boxAround(c, sizes[i]), imageSize));
  const lambda = Float32Array.from(boxes, (b) => 1 - ((b[2] - b[0]) * (b[3] - b[1])) / (imageSize[0] * imageSize[1]));
  const extras: CutMixExtras = { imageSize, centres, sizes, boxes };
  return { lambda, partners: Int32Array.from(partners), site: 'input', extras: extras as unknown as Record<string, unknown> };
}

function mixValues(plan: MixPlan, h: tf.Tensor, lambda: ArrayLike<number>, pass: MixPass, tau = 1): Float32Array {
  return tf.tidy(() =>
    cutMixMixer({ tau })
      .mix(h, { plan, lambda: tf.tensor1d(Float32Array.from(lambda)), partners: tf.tensor1d(plan.partners, 'int32'), pass })
      .dataSync() as Float32Array,
  );
}

describe('cutMixMixer', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pastes the planned box of the partner (hand-computed 3×4 case)', () => {
    // image 0 holds 0..11, image 1 holds 100..111; example 0 gets a 2×2 box at rows 1..2, columns 2..3 of image 1
    const plan = handPlan([3, 4], [[2, 3], [0, 0]], [[2, 2], [2, 2]], [1, 0]);
    expect((plan.extras as unknown as CutMixExtras).boxes).toEqual([[1, 2, 3, 4], [0, 0, 1, 1]]);
    const values = Float32Array.from({ length: 24 }, (_, k) => (k < 12 ? k : 100 + k - 12));
    const h = tf.tensor4d(values, [2, 3, 4, 1]);
    const got = mixValues(plan, h, plan.lambda, 'plan');
    h.dispose();
    expect(Array.from(got.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 106, 107, 8, 9, 110, 111]);
    expect(Array.from(got.subarray(12))).toEqual([0, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111]);
    expect(Array.from(plan.lambda)).toEqual([1 - 4 / 12, 1 - 1 / 12].map(Math.fround));
  });

  it('the plan pass equals an independent paste of the plan boxes on every channel', () => {
    const plan = method.policy.plan({ batchSize: 5, rng: new Rng(3), sites: ['input'], inputShape: [7, 9, 3] });
    const values = randomValues(new Rng(4), 5 * 7 * 9 * 3);
    const h = tf.tensor4d(values, [5, 7, 9, 3]);
    const got = mixValues(plan, h, plan.lambda, 'plan');
    const perturbedAtPlan = mixValues(plan, h, plan.lambda, 'perturbed');
    h.dispose();
    const want = pasteBoxes(values, [5, 7, 9, 3], plan.partners, (plan.extras as unknown as CutMixExtras).boxes);
    expect(maxAbsDiff(got, want)).toBe(0);
    expect(maxAbsDiff(perturbedAtPlan, want)).toBe(0);
  });

  it('the perturbed pass uses the hard box of λ′ about the same centre (tensor ops vs plain geometry)', () => {
    const plan = method.policy.plan({ batchSize: 6, rng: new Rng(8), sites: ['input'], inputShape: [10, 12, 1] });
    const ex = plan.extras as unknown as CutMixExtras;
    const rng = new Rng(9);
    const values = randomValues(rng, 6 * 10 * 12);
    const h = tf.tensor4d(values, [6, 10, 12, 1]);
    for (let trial = 0; trial < 4; trial++) {
      const lambdaPrime = Array.from(plan.lambda, (l) => Math.min(1, Math.max(0, l + (rng.next() - 0.5) * 0.6)));
      const got = mixValues(plan, h, lambdaPrime, 'perturbed');
      const boxes = lambdaPrime.map((lp, i) => boxAtLambda(ex.centres[i], ex.sizes[i], plan.lambda[i], lp, ex.imageSize));
      expect(maxAbsDiff(got, pasteBoxes(values, [6, 10, 12, 1], plan.partners, boxes))).toBe(0);
    }
    h.dispose();
  });

  it('the gradient pass is the soft box σ((y − y1)/τ)σ((y2 − y)/τ)σ((x − x1)/τ)σ((x2 − x)/τ) on pixel centres', () => {
    // image 0 is zeros, image 1 ones, so mixed image 0 is the mask of example 0
    const plan = handPlan([6, 8], [[2.5, 4], [3, 3]], [[3, 4], [2, 2]], [1, 0]);
    const h = tf.tidy(() => tf.concat([tf.zeros([1, 6, 8, 1]), tf.ones([1, 6, 8, 1])]));
    const lambdaPlan = plan.lambda[0]; // 1 − 12/48 = 0.75
    for (const [lambda, tau] of [[lambdaPlan, 1], [0.5, 0.7], [0.9, 2]] as const) {
      const got = mixValues(plan, h, [lambda, plan.lambda[1]], 'gradient', tau).subarray(0, 48);
      const k = Math.sqrt((1 - lambda) / (1 - lambdaPlan));
      const [y1, y2, x1, x2] = [2.5 - 1.5 * k, 2.5 + 1.5 * k, 4 - 2 * k, 4 + 2 * k];
      const want = Array.from({ length: 48 }, (_, p) => {
        const [y, x] = [Math.floor(p / 8) + 0.5, (p % 8) + 0.5];
        return sigmoid((y - y1) / tau) * sigmoid((y2 - y) / tau) * sigmoid((x - x1) / tau) * sigmoid((x2 - x) / tau);
      });
      expect(maxAbsDiff(got, want)).toBeLessThan(2e-6);
    }
    // a sharp soft box is the hard box at λ = λ_plan: rows 1..3, columns 2..5
    const sharp = mixValues(plan, h, plan.lambda, 'gradient', 0.02).subarray(0, 48);
    const hard = Array.from({ length: 48 }, (_, p) => (Math.floor(p / 8) >= 1 && Math.floor(p / 8) < 4 && p % 8 >= 2 && p % 8 < 6 ? 1 : 0));
    expect(maxAbsDiff(sharp, hard)).toBeLessThan(1e-9);
    h.dispose();
  });

  it('the soft box mass has the closed-form λ-derivative', () => {
    const plan = handPlan([6, 8], [[2.5, 4], [3, 3]], [[3, 4], [2, 2]], [1, 0]);
    const h = tf.tidy(() => tf.concat([tf.zeros([1, 6, 8, 1]), tf.ones([1, 6, 8, 1])]));
    const partners = tf.tensor1d(plan.partners, 'int32');
    const mixer = cutMixMixer({ tau: 0.8 });
    const lambda = [0.6, 0.7];
    const grad = tf.tidy(() =>
      tf.grad((l: tf.Tensor) => mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }).slice([0], [1]).sum())(tf.tensor1d(lambda)).dataSync(),
    );
    tf.dispose([h, partners]);
    // mass = (Σ_y m_y)(Σ_x m_x); m(p) = σ((p − c + s/2)/τ)σ((c + s/2 − p)/τ), s = side·k, k = √((1 − λ)/(1 − λ_plan))
    const tau = 0.8;
    const lp = plan.lambda[0];
    const k = Math.sqrt((1 - lambda[0]) / (1 - lp));
    const dk = -1 / (2 * k * (1 - lp));
    const axis = (c: number, side: number, n: number) => {
      let m = 0;
      let dm = 0;
      for (let j = 0; j < n; j++) {
        const p = j + 0.5;
        const [u1, u2] = [(p - c + (side * k) / 2) / tau, (c + (side * k) / 2 - p) / tau];
        const [s1, s2] = [sigmoid(u1), sigmoid(u2)];
        m += s1 * s2;
        dm += ((side * dk) / (2 * tau)) * (s1 * (1 - s1) * s2 + s1 * s2 * (1 - s2));
      }
      return [m, dm];
    };
    const [my, dmy] = axis(2.5, 3, 6);
    const [mx, dmx] = axis(4, 4, 8);
    expect(grad[0]).toBeCloseTo(dmy * mx + my * dmx, 4);
    expect(Math.abs(grad[1])).toBe(0); // example 1's mix does not enter example 0's mass
  });

  it('differentiating the hard passes gives zero, even at λ = 1', () => {
    const plan = method.policy.plan({ batchSize: 3, rng: new Rng(2), sites: ['input'], inputShape: [5, 5, 1] });
    const h = tf.tensor4d(randomValues(new Rng(5), 75), [3, 5, 5, 1]);
    const partners = tf.tensor1d(plan.partners, 'int32');
    for (const pass of ['plan', 'perturbed'] as const) {
      const g = tf.tidy(() => tf.grad((l: tf.Tensor) => method.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass }).sum())(tf.tensor1d([0.3, 1, 0.8])).dataSync());
      expect(Array.from(g).map(Math.abs)).toEqual([0, 0, 0]);
    }
    const soft = tf.tidy(() => tf.grad((l: tf.Tensor) => method.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }).sum())(tf.tensor1d([1, 1, 1])).dataSync());
    expect(Array.from(soft).every(Number.isFinite)).toBe(true);
    tf.dispose([h, partners]);
  });

  it('names the shape of a batch that is not [B, H, W, C] of the plan', () => {
    const plan = method.policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'], inputShape: [4, 4, 1] });
    const run = (shape: number[]) => () => {
      const h = tf.zeros(shape);
      try {
        mixValues(plan, h, plan.lambda, 'plan');
      } finally {
        h.dispose();
      }
    };
    expect(run([2, 4, 4])).toThrow(ShapeError);
    expect(run([2, 4, 4])).toThrow(/\[2, 4, 4\]/);
    expect(run([3, 4, 4, 1])).toThrow(/\[3, 4, 4, 1\] with a plan for 2 examples/);
    expect(run([2, 5, 4, 1])).toThrow(/4×4 images; got a batch of shape \[2, 5, 4, 1\]/);
    const h = tf.zeros([2, 4, 4, 1]);
    expect(() => mixValues(plan, h, [1, 1, 1], 'plan')).toThrow(ShapeError);
    h.dispose();
  });

  it('names a plan that carries no (or inconsistent) CutMix boxes', () => {
    const h = tf.zeros([2, 4, 4, 1]);
    const plain = betaPolicy().plan({ batchSize: 2, rng: new Rng(1), sites: ['input'] });
    expect(() => mixValues(plain, h, plain.lambda, 'plan')).toThrow(OptionError);
    expect(() => mixValues(plain, h, plain.lambda, 'plan')).toThrow(/plan\.extras: got undefined/);
    const plan = method.policy.plan({ batchSize: 2, rng: new Rng(1), sites: ['input'], inputShape: [4, 4, 1] });
    const ex = plan.extras as unknown as CutMixExtras;
    const tampered = { ...plan, extras: { ...ex, boxes: [[0, 0, 4, 4], ex.boxes[1]] } };
    expect(() => mixValues(tampered, h, plan.lambda, 'plan')).toThrow(/plan\.extras\.boxes\[0\]: got \[0, 0, 4, 4\]/);
    const short = { ...plan, extras: { ...ex, sizes: [ex.sizes[0]] } };
    expect(() => mixValues(short, h, plan.lambda, 'plan')).toThrow(/plan\.extras\.sizes/);
    const badCentre = { ...plan, extras: { ...ex, centres: [[0.25, 1], ex.centres[1]] } };
    expect(() => mixValues(badCentre, h, plan.lambda, 'plan')).toThrow(/plan\.extras\.centres\[0\]: got \[0\.25, 1\]/);
    expect(() => mixValues(plan, h, plan.lambda, 'bogus' as MixPass)).toThrow(/pass: got "bogus"/);
    h.dispose();
  });
});
