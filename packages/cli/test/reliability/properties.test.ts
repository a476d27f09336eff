import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ForwardOptions, MixableModel, MixMethod, MixPlan } from '@ampmix/core';
import { createAmpState, createMlp, mixStep, resolveAmpOptions, Rng, validatePlan } from '@ampmix/core';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { cutMix } from '@ampmix/cutmix';
import { createBiLstm, createKimCnn } from '@ampmix/text';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import { createImageMlp } from '@ampmix/vision';

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const VOCAB = 12;
const LENGTH = 5;

/** Every shipped variant on a tiny model that offers its site(s). */
interface Subject {
  name: string;
  method: (alpha: number) => MixMethod;
  model: MixableModel<tf.Tensor>;
  inputShape?: number[];
  inputs(rng: Rng, batch: number): tf.Tensor;
}

const mlp = createMlp({ inputSize: 3, hiddenSizes: [5, 4], numClasses: 3, activation: 'tanh', seed: 2 });
const imageMlp = createImageMlp({ inputShape: [4, 5, 2], hiddenSizes: [6], numClasses: 3, seed: 3 }) as unknown as MixableModel<tf.Tensor>;
const kim = createKimCnn({ vocabSize: VOCAB, numClasses: 3, maxLength: LENGTH, embeddingDim: 4, filterSizes: [2, 3], numFilters: 3, dropout: 0, seed: 4 }) as unknown as MixableModel<tf.Tensor>;
const bilstm = createBiLstm({ vocabSize: VOCAB, numClasses: 3, maxLength: LENGTH, embeddingDim: 4, hiddenSize: 3, dropout: 0, seed: 5 }) as unknown as MixableModel<tf.Tensor>;
afterAll(() => [mlp, imageMlp, kim, bilstm].forEach((m) => m.dispose()));

const features = (rng: Rng, batch: number) => tf.tensor2d(Array.from({ length: batch * 3 }, () => 2 * rng.normal()), [batch, 3]);
/** Token ids [B, LENGTH]: a random length ≥ 1 per sentence, ids in [2, VOCAB), then PAD (0). */
const sentences = (rng: Rng, batch: number) => {
  const ids = new Int32Array(batch * LENGTH);
  for (let b = 0; b < batch; b++) {
    const len = 1 + rng.int(LENGTH);
    for (let t = 0; t < len; t++) ids[b * LENGTH + t] = 2 + rng.int(VOCAB - 2);
  }
  return tf.tensor2d(ids, [batch, LENGTH], 'int32');
};
const images = (rng: Rng, batch: number) => tf.tensor4d(Array.from({ length: batch * 40 }, () => rng.next()), [batch, 4, 5, 2]);

const SUBJECTS: Subject[] = [
  { name: 'input-mixup', method: (alpha) => inputMixup({ alpha }), model: mlp, inputs: features },
  { name: 'manifold-mixup', method: (alpha) => manifoldMixup({ alpha }), model: mlp, inputs: features },
  { name: 'cutmix', method: (alpha) => cutMix({ alpha }), model: imageMlp, inputShape: [4, 5, 2], inputs: images },
  { name: 'word-mixup', method: (alpha) => wordMixup({ alpha }), model: kim, inputs: sentences },
  { name: 'sen-mixup', method: (alpha) => senMixup({ alpha }), model: kim, inputs: sentences },
];

const subject = fc.constantFrom(...SUBJECTS);
const alpha = fc.constantFrom(0.2, 1, 4);

function planFor(s: Subject, a: number, rng: Rng, batchSize: number): MixPlan {
  return s.method(a).policy.plan({ batchSize, rng, sites: s.model.sites, ...(s.inputShape ? { inputShape: s.inputShape } : {}) });
}

/** One AMP step through the engine with per-example details; frees everything. */
async function ampStep(s: Subject, seed: number, batch: number, a: number, amp: Parameters<typeof resolveAmpOptions>[0], plan?: (p: MixPlan) => MixPlan) {
  const rng = new Rng(seed);
  const x = s.inputs(rng, batch);
  const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32');
  const drawn = planFor(s, a, rng, batch);
  const method = s.method(a);
  try {
    const r = await mixStep({ model: s.model, inputs: x, labels, plan: plan ? plan(drawn) : drawn, mixer: method.mixer, amp: resolveAmpOptions(amp), training: false, details: true });
    if (r.grads) tf.dispose(Object.values(r.grads));
    return r;
  } finally {
    tf.dispose([x, labels]);
  }
}

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;

describe('AMP on every variant (property)', () => {
  it("clipped λ' stays in [0, 1]; m_i = [ℓ'_i > ℓ_i]; the loss is the mean of the larger per-example loss", async () => {
    await fc.assert(
      fc.asyncProperty(subject, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 6 }), alpha, fc.double({ min: 0, max: 1e3, noNaN: true }), async (s, seed, batch, a, epsilon) => {
        const r = await ampStep(s, seed, batch, a, { epsilon });
        const d = r.details!;
        expect(r.stats.skipped).toBe(false);
        expect(Array.from(d.lambdaPrime).every((l) => l >= 0 && l <= 1)).toBe(true);
        d.mask.forEach((m, i) => expect(m).toBe(d.lossAfter[i] > d.lossBefore[i] ? 1 : 0));
        const larger = Array.from(d.lossBefore, (l, i) => Math.max(l, d.lossAfter[i]));
        expect(r.stats.loss).toBeCloseTo(mean(larger), 4);
      }),
      { numRuns: 40, seed: 2109_07177 },
    );
  });

  it('equality keeps the first loss even with ε > 0: a plan whose partners are the examples themselves never switches', async () => {
    const self = (p: MixPlan): MixPlan => ({ ...p, partners: Int32Array.from(p.partners, (_, i) => i) });
    await fc.assert(
      fc.asyncProperty(subject, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 1e-3, max: 50, noNaN: true }), async (s, seed, batch, epsilon) => {
        const r = await ampStep(s, seed, batch, 1, { epsilon }, self);
        const d = r.details!;
        expect(Array.from(d.lambdaGrad).every((g) => g === 0)).toBe(true); // ±0
        expect(Array.from(d.lossAfter)).toEqual(Array.from(d.lossBefore));
        expect(Array.from(d.mask)).toEqual(new Array(batch).fill(0));
        expect(r.stats.loss).toBeCloseTo(mean(d.lossBefore), 5);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('re-weighting over a window: w_i ≥ 1 and finite, 1 when fewer than two positive deltas; loss = mean w·max(ℓ, ℓ′)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(SUBJECTS[0], SUBJECTS[2], SUBJECTS[3]), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 4 }), async (s, seed, batch, window) => {
        const amp = resolveAmpOptions({ epsilon: 0.5, reweight: { window } });
        const ampState = createAmpState();
        const rng = new Rng(seed);
        for (let k = 0; k < 3; k++) {
          const x = s.inputs(rng, batch);
          const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32');
          const history = ampState.reweight.batches.flat();
          const method = s.method(1);
          const r = await mixStep({ model: s.model, inputs: x, labels, plan: planFor(s, 1, rng, batch), mixer: method.mixer, amp, ampState, training: false, details: true });
          if (r.grads) tf.dispose(Object.values(r.grads));
          tf.dispose([x, labels]);
          const d = r.details!;
          const positive = history.length + Array.from(d.lossAfter, (l, i) => l - d.lossBefore[i]).filter((v) => v > 0).length;
          expect(Array.from(d.weight).every((w) => Number.isFinite(w) && w >= 1)).toBe(true);
          if (positive < 2) expect(Array.from(d.weight)).toEqual(new Array(batch).fill(1));
          const expected = mean(Array.from(d.weight, (w, i) => w * Math.max(d.lossBefore[i], d.lossAfter[i])));
          expect(r.stats.loss).toBeCloseTo(expected, 4);
          expect(ampState.reweight.batches.length).toBeLessThanOrEqual(window - 1);
        }
      }),
      { numRuns: 15, seed: 5 },
    );
  });
});

describe('plans replay exactly with a seed (property)', () => {
  it('every variant: the same seed gives the same plan (λ, partners, site, boxes), a valid one', () => {
    fc.assert(
      fc.property(subject, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.05, max: 8, noNaN: true }), (s, seed, batch, a) => {
        const p = planFor(s, a, new Rng(seed), batch);
        const q = planFor(s, a, new Rng(seed), batch);
        expect(q).toEqual(p);
        validatePlan(p, batch, s.model.sites);
        expect([...p.partners].sort((u, v) => u - v)).toEqual(Array.from({ length: batch }, (_, i) => i));
        if (s.name === 'word-mixup') expect(p.site).toBe('word');
        if (s.name === 'sen-mixup') expect(p.site).toBe('sentence');
        if (s.name === 'input-mixup' || s.name === 'cutmix') expect(p.site).toBe('input');
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it('manifold-mixup site draws: always in the allowed subset, replayed by the seed, the same site in every AMP pass', async () => {
    const calls: (string | undefined)[] = [];
    const spy: MixableModel<tf.Tensor> = { ...mlp, forward: (x: tf.Tensor, o?: ForwardOptions) => (calls.push(o?.mix ? o.site : undefined), mlp.forward(x, o)) };
    await fc.assert(
      fc.asyncProperty(fc.subarray(['input', 'hidden1', 'hidden2'], { minLength: 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 5 }), async (allowed, seed, batch) => {
        const method = manifoldMixup({ sites: allowed });
        const sequence = (r: Rng) => Array.from({ length: 6 }, () => method.policy.plan({ batchSize: batch, rng: r, sites: mlp.sites }).site);
        const sites = sequence(new Rng(seed));
        expect(sequence(new Rng(seed))).toEqual(sites);
        expect(sites.every((x) => allowed.includes(x))).toBe(true);
        const rng = new Rng(seed);
        const plan = method.policy.plan({ batchSize: batch, rng, sites: mlp.sites });
        const x = features(rng, batch);
        const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32');
        calls.length = 0;
        const r = await mixStep({ model: spy, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 1 }), training: false });
        if (r.grads) tf.dispose(Object.values(r.grads));
        tf.dispose([x, labels]);
        // Max pass, Min pass, training pass: each mixes, at the planned site
        expect(calls.length).toBeGreaterThanOrEqual(3);
        expect(calls.every((c) => c === plan.site)).toBe(true);
      }),
      { numRuns: 30, seed: 11 },
    );
  });
});

describe('sentence adapters (property)', () => {
  const plain = (m: MixableModel<tf.Tensor>, ids: tf.Tensor) => tf.tidy(() => m.forward(ids).arraySync());
  const mixedAt = (m: MixableModel<tf.Tensor>, method: MixMethod, ids: tf.Tensor, plan: MixPlan) =>
    tf.tidy(() => {
      const lambda = tf.tensor1d(plan.lambda);
      const partners = tf.tensor1d(plan.partners, 'int32');
      return m.forward(ids, { site: plan.site, partners, mix: (h) => method.mixer.mix(h, { plan, lambda, partners, pass: 'plan' }) }).arraySync();
    });
  const cases = [
    { name: 'WordMixup on the Kim CNN', model: kim, method: wordMixup() },
    { name: 'SenMixup on the Kim CNN', model: kim, method: senMixup() },
    { name: 'SenMixup on the BiLSTM', model: bilstm, method: senMixup() },
  ];

  it('λ = 1 gives the unmixed logits; λ = 0 gives the partner’s unmixed logits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(0, 1), (c, seed, batch, endpoint) => {
        const rng = new Rng(seed);
        const ids = sentences(rng, batch);
        const drawn = c.method.policy.plan({ batchSize: batch, rng, sites: c.model.sites });
        const plan = { ...drawn, lambda: new Float32Array(batch).fill(endpoint) };
        const z = plain(c.model, ids);
        const got = mixedAt(c.model, c.method, ids, plan);
        ids.dispose();
        got.forEach((row, i) => {
          const want = z[endpoint === 1 ? i : plan.partners[i]];
          row.forEach((v, k) => expect(v).toBeCloseTo(want[k], 5));
        });
      }),
      { numRuns: 30, seed: 1905_08941 },
    );
  });
});
