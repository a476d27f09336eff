import * as tf from '@tensorflow/tfjs';
import type { Mixer, MixPass } from '../mixer.js';
import type { MixPlan } from '../plan.js';
import { validatePlan } from '../plan.js';
import type { MixPolicy } from '../policy.js';
import { Rng } from '../rng.js';
import { mixTargets } from '../targets.js';
import { centralDifferences, maxAbsDiff } from './finite-diff.js';

/** What the contract suite needs to exercise a mixer and its policy. */
export interface MixerContractSubject {
  /** Shown in case names. */
  name: string;
  policy: MixPolicy;
  mixer: Mixer;
  /** The sites to plan over (the model's sites). */
  sites: readonly string[];
  /** A batch as it arrives at the site, e.g. [4, 8, 8, 1] images; values drawn from `rng`. */
  sample(rng: Rng): tf.Tensor;
  /** Per-example input shape passed to the policy (for geometry-aware policies). */
  inputShape?: readonly number[];
  /** Class labels of the sampled batch, for class-aware policies (passed to `plan`). */
  labels?: (batchSize: number) => Int32Array;
  /** Number of classes for the target check; default 3. */
  numClasses?: number;
  /** Tolerance of the finite-difference check (float32); default 2e-2 relative to the gradient's scale. */
  gradTolerance?: number;
}

/** One contract check: run it inside your test runner (`for (const c of mixerContract(s)) it(c.name, c.run)`). */
export interface ContractCase {
  name: string;
  run(): void | Promise<void>;
}

function assert(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

function planFor(subject: MixerContractSubject, batchSize: number, seed: number): MixPlan {
  return subject.policy.plan({ batchSize, rng: new Rng(seed), sites: subject.sites, inputShape: subject.inputShape, labels: subject.labels?.(batchSize) });
}

function mixValues(subject: MixerContractSubject, h: tf.Tensor, plan: MixPlan, lambda: ArrayLike<number>, pass: MixPass): Float32Array {
  return tf.tidy(() => {
    const out = subject.mixer.mix(h, {
      plan,
      lambda: tf.tensor1d(Float32Array.from(lambda)),
      partners: tf.tensor1d(plan.partners, 'int32'),
      pass,
    });
    assert(out.shape.join() === h.shape.join(), `mix changed the shape: [${h.shape}] → [${out.shape}]`);
    return out.dataSync() as Float32Array;
  });
}

/**
 * The contract every mixer (with its policy) must pass:
 * λ = 1 is the identity; mixed targets sum to 1; the same seed gives the same plan; plans are valid;
 * mixing leaks no tensors; the λ-gradient of the `gradient` pass matches central finite differences; a mixer
 * that claims `linear` is the per-example interpolation in every pass and for tensors of other ranks.
 */
export function mixerContract(subject: MixerContractSubject): ContractCase[] {
  const batch = 4;
  const tol = subject.gradTolerance ?? 2e-2;
  return [
    {
      name: `${subject.name}: plans are valid and the same seed gives the same plan`,
      run() {
        const a = planFor(subject, batch, 7);
        const b = planFor(subject, batch, 7);
        validatePlan(a, batch, subject.sites);
        assert(JSON.stringify([...a.lambda, ...a.partners, a.site, a.extras]) === JSON.stringify([...b.lambda, ...b.partners, b.site, b.extras]), 'same seed gave different plans');
        const other = [8, 9, 10, 11].map((s) => planFor(subject, batch, s));
        assert(other.some((p) => JSON.stringify([...p.lambda]) !== JSON.stringify([...a.lambda])), 'different seeds always gave the same λ');
      },
    },
    {
      name: `${subject.name}: λ = 1 leaves every example unchanged`,
      run() {
        const h = subject.sample(new Rng(1));
        const plan = planFor(subject, h.shape[0], 3);
        const ones = new Float32Array(h.shape[0]).fill(1);
        const identity = { ...plan, lambda: ones };
        for (const pass of ['plan', 'perturbed'] as const) {
          const got = mixValues(subject, h, pass === 'plan' ? identity : plan, ones, pass);
          assert(maxAbsDiff(got, h.dataSync()) < 1e-6, `λ = 1 changed the batch in the ${pass} pass`);
        }
        h.dispose();
      },
    },
    {
      name: `${subject.name}: mixed targets sum to 1`,
      run() {
        const c = subject.numClasses ?? 3;
        const plan = planFor(subject, batch, 5);
        const sums = tf.tidy(() => {
          const y = tf.oneHot(tf.tensor1d([0, 1, 2 % c, 1 % c], 'int32'), c).toFloat() as tf.Tensor2D;
          return mixTargets(y, tf.tensor1d(plan.partners, 'int32'), tf.tensor1d(plan.lambda)).sum(1).dataSync();
        });
        assert(maxAbsDiff(sums, [1, 1, 1, 1]) < 1e-6, `target rows sum to ${Array.from(sums)}`);
      },
    },
    {
      name: `${subject.name}: mixing leaks no tensors`,
      run() {
        const h = subject.sample(new Rng(2));
        const plan = planFor(subject, h.shape[0], 4);
        const before = tf.memory().numTensors;
        for (const pass of ['plan', 'gradient', 'perturbed'] as const) mixValues(subject, h, plan, plan.lambda, pass);
        const partners = tf.tensor1d(plan.partners, 'int32');
        const lambda = tf.tensor1d(plan.lambda);
        tf.grad((l: tf.Tensor) => subject.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }).sum())(lambda).dispose();
        tf.dispose([partners, lambda]);
        const after = tf.memory().numTensors;
        h.dispose();
        assert(after === before, `mixing leaked ${after - before} tensors`);
      },
    },
    {
      name: `${subject.name}: λ-gradient of the gradient pass matches finite differences`,
      run() {
        const rng = new Rng(11);
        const h = subject.sample(rng);
        const plan = planFor(subject, h.shape[0], 6);
        const lambda = Array.from(plan.lambda, (l) => Math.min(0.9, Math.max(0.1, l)));
        const weights = tf.tensor(Float32Array.from({ length: h.size }, () => rng.normal()), h.shape);
        const partners = tf.tensor1d(plan.partners, 'int32');
        const f = (l: tf.Tensor) => tf.sum(tf.mul(subject.mixer.mix(h, { plan, lambda: l as tf.Tensor1D, partners, pass: 'gradient' }), weights));
        const analytic = tf.tidy(() => tf.grad(f)(tf.tensor1d(lambda)).dataSync());
        const numeric = centralDifferences((l) => tf.tidy(() => f(tf.tensor1d(Float32Array.from(l))).dataSync()[0]), lambda, 1e-2);
        const scale = Math.max(1, ...Array.from(numeric, Math.abs));
        tf.dispose([h, weights, partners]);
        assert(maxAbsDiff(analytic, numeric) <= tol * scale, `λ-gradient ${Array.from(analytic)} vs finite differences ${Array.from(numeric)}`);
      },
    },
    {
      name: `${subject.name}: a mixer that claims linear is λ·h_i + (1 − λ)·h_π(i) for any shape and pass`,
      run() {
        if (!subject.mixer.linear) return;
        const rng = new Rng(13);
        const h0 = subject.sample(rng);
        const n = h0.shape[0];
        const plan = planFor(subject, n, 8);
        const lambda = Array.from({ length: n }, () => rng.next());
        // the site's tensor and a tensor of another shape (what a model sees after a linear map)
        const other = tf.tensor(Float32Array.from({ length: n * 6 }, () => rng.normal()), [n, 3, 2]);
        for (const h of [h0, other]) {
          const x = h.dataSync();
          const per = h.size / n;
          const expected = Float32Array.from(x, (v, k) => {
            const i = Math.floor(k / per);
            return lambda[i] * v + (1 - lambda[i]) * x[plan.partners[i] * per + (k % per)];
          });
          for (const pass of ['plan', 'gradient', 'perturbed'] as const) {
            const got = mixValues(subject, h, plan, lambda, pass);
            assert(maxAbsDiff(got, expected) < 1e-5, `linear mixer is not the interpolation in the ${pass} pass for shape [${h.shape}]`);
          }
        }
        tf.dispose([h0, other]);
      },
    },
  ];
}
