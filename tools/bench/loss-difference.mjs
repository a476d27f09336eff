#!/usr/bin/env node
// Usage: node tools/bench/loss-difference.mjs [--batches 5] [--backend cpu|wasm]   (build first: npm run build)
// How well AMP's d = ℓ' − ℓ (and so its mask m = [d > 0] and re-weighting) is decided in float32, for each
// `lossDifference` choice, against float64:
// 1. the golden cases (float64 autograd values in packages/core/test/fixtures/amp-step-golden.json);
// 2. TREC batches (Kim CNN 3/4/5 × 100 maps, 300-d random embeddings, batch 50, WordMixup, ε = 0.002, eval mode),
//    against a plain-JS float64 forward of the same model and weights at the engine's λ and λ'.
// Prints mask agreement with float64, the mask rates, and the re-weighting's weights (window 5) against float64's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '5' }, backend: { type: 'string', default: 'wasm' } } });
const { chooseBackend, createAmpState, createMlp, mixStep, resolveAmpOptions, Rng, permutation } = await import('@ampmix/core');
const { parseGoldenJson } = await import('@ampmix/core/testing');
const { createKimCnn } = await import('@ampmix/text');
const { loadTextDataset } = await import('@ampmix/text/node');
const { wordMixup } = await import('@ampmix/sentence-mixup');
await chooseBackend({ backend: values.backend, log: () => {} });
const CHOICES = ['subtraction', 'first-order', 'auto'];

/** The re-weighting in float64 (the formula of core's `reweight`, empty history). */
function reweight64(d) {
  const pos = d.filter((v) => v > 0);
  if (pos.length < 2) return d.map(() => 1);
  const mu = pos.reduce((a, b) => a + b, 0) / pos.length;
  const sd = Math.sqrt(pos.reduce((a, b) => a + (b - mu) ** 2, 0) / (pos.length - 1));
  return sd === 0 ? d.map(() => 1) : d.map((v) => 1 + (v > mu ? (v - mu) / sd : 0));
}
const agree = (a, b) => a.filter((v, i) => v === b[i]).length / a.length;
const maxAbs = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
const pct = (v) => `${(100 * v).toFixed(1)}%`;

// 1. golden cases: the float64 mask and weights are the file's
const golden = parseGoldenJson(readFileSync(fileURLToPath(new URL('../../packages/core/test/fixtures/amp-step-golden.json', import.meta.url)), 'utf8'));
{
  const [inputSize, hidden] = [golden.params.W1.length, golden.params.W1[0].length];
  const model = createMlp({ inputSize, hiddenSizes: [hidden], numClasses: golden.params.W2[0].length, activation: 'tanh', initialWeights: golden.params });
  const x = tf.tensor2d(golden.x);
  const labels = tf.tensor1d(golden.labels, 'int32');
  const rows = {};
  for (const choice of CHOICES) rows[choice] = { masks: 0, examples: 0, cases: 0, weightErr: 0 };
  for (const c of golden.cases) {
    for (const choice of CHOICES) {
      const amp = resolveAmpOptions({ epsilon: c.epsilon, clip: c.clip, reweight: c.reweight ? { window: 5 } : false, lossDifference: choice });
      const ampState = createAmpState();
      ampState.reweight.batches.push([...golden.positiveDeltaHistory]);
      const plan = { lambda: Float32Array.from(golden.lambda), partners: Int32Array.from(golden.perm), site: c.site === 'hidden' ? 'hidden1' : c.site };
      const { grads, details } = await mixStep({ model, inputs: x, labels, plan, amp, ampState, loss: c.loss, training: false, details: true });
      if (grads) tf.dispose(Object.values(grads));
      const r = rows[choice];
      const m = Array.from(details.mask);
      r.masks += m.filter((v, i) => v === c.expected.mask[i]).length;
      r.examples += m.length;
      r.cases += agree(m, c.expected.mask) === 1 ? 1 : 0;
      if (c.reweight && c.expected.weight.every(Number.isFinite)) r.weightErr = Math.max(r.weightErr, maxAbs(Array.from(details.weight), c.expected.weight));
    }
  }
  console.log(`golden (${golden.cases.length} cases × ${golden.x.length} examples), against the float64 autograd mask and weights:`);
  for (const choice of CHOICES) {
    const r = rows[choice];
    console.log(`  ${choice.padEnd(12)} mask agreement ${pct(r.masks / r.examples)}, cases with every mask right ${r.cases}/${golden.cases.length}, max |w − w64| ${r.weightErr.toExponential(2)}`);
  }
  model.dispose();
  tf.dispose([x, labels]);
}

// 2. TREC, Kim CNN, against a float64 forward
const dataDir = fileURLToPath(new URL('../../datasets', import.meta.url));
const data = await loadTextDataset('trec', { dataDir, seed: 1 });
const sizes = [3, 4, 5];
const F = 100;
const D = 300;
const model = createKimCnn({ vocabSize: data.vocab.size, numClasses: data.numClasses, maxLength: data.maxLength, embeddingDim: D, numFilters: F, filterSizes: sizes, seed: 1 });
const table = model.embedding.arraySync();
const W = Object.fromEntries(Object.entries(model.weights).map(([k, v]) => [k, v.arraySync()]));
const C = data.numClasses;
const L = data.maxLength;
const pad = Math.max(...sizes) - 1;

/** Float64 pre-bias conv outputs of one sentence, per width: [T][F]. */
function convOf(ids) {
  const words = [];
  for (let t = 0; t < pad; t++) words.push(null);
  for (const id of ids) words.push(id === 0 ? null : table[id]);
  for (let t = 0; t < pad; t++) words.push(null);
  return sizes.map((h) => {
    const Wh = W[`conv${h}_W`];
    const out = [];
    for (let t = 0; t + h <= words.length; t++) {
      const acc = new Float64Array(F);
      for (let k = 0; k < h; k++) {
        const w = words[t + k];
        if (!w) continue;
        const Wk = Wh[k];
        for (let d = 0; d < D; d++) {
          const wd = w[d];
          if (wd === 0) continue;
          const row = Wk[d];
          for (let f = 0; f < F; f++) acc[f] += wd * row[f];
        }
      }
      out.push(acc);
    }
    return out;
  });
}
/** Float64 softmax-ce of example i mixed at lam with partner j, target y. */
function loss64(ci, cj, lam, y) {
  const s = [];
  sizes.forEach((h, w) => {
    const b = W[`conv${h}_b`];
    for (let f = 0; f < F; f++) {
      let m = -Infinity;
      for (let t = 0; t < ci[w].length; t++) m = Math.max(m, Math.max(0, lam * ci[w][t][f] + (1 - lam) * cj[w][t][f] + b[f]));
      s.push(m);
    }
  });
  const z = W.out_b.map((bk, k) => s.reduce((a, v, q) => a + v * W.out_W[q][k], bk));
  const mx = Math.max(...z);
  const lse = mx + Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0));
  return -y.reduce((a, t, k) => a + t * (z[k] - lse), 0);
}

const rng = new Rng(7);
const order = permutation(rng, data.train.size);
const method = wordMixup({ alpha: 1 });
const B = 50;
const totals = Object.fromEntries(CHOICES.map((c) => [c, { agree: 0, rate: 0, wMax: 0, wMean: 0 }]));
let n = 0;
let rate64 = 0;
let ulps = [];
const batches = Number(values.batches);
for (let b = 0; b < batches; b++) {
  const idx = Array.from(order.slice(b * B, (b + 1) * B));
  const { inputs, labels } = data.train.batch(idx);
  const plan = method.policy.plan({ batchSize: B, rng, sites: model.sites });
  const ids = inputs.arraySync();
  const lab = Array.from(labels.dataSync());
  const convs = ids.map(convOf);
  let reference = null;
  for (const choice of CHOICES) {
    const amp = resolveAmpOptions({ epsilon: 0.002, reweight: { window: 5 }, lossDifference: choice });
    const { grads, details } = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp, ampState: createAmpState(), training: false, details: true });
    if (grads) tf.dispose(Object.values(grads));
    if (!reference) {
      // float64 ℓ(λ) and ℓ(λ') at the engine's λ' (the same for every choice)
      const d64 = idx.map((_, i) => {
        const j = plan.partners[i];
        const lt = plan.lambda[i];
        const y = Array.from({ length: C }, (_, k) => lt * (lab[i] === k ? 1 : 0) + (1 - lt) * (lab[j] === k ? 1 : 0));
        return loss64(convs[i], convs[j], details.lambdaPrime[i], y) - loss64(convs[i], convs[j], lt, y);
      });
      reference = { mask: d64.map((v) => (v > 0 ? 1 : 0)), weight: reweight64(d64) };
      rate64 += reference.mask.reduce((a, v) => a + v, 0) / B;
      ulps = ulps.concat(d64.map((v, i) => Math.abs(v) / (2 ** -23 * Math.max(details.lossBefore[i], details.lossAfter[i]))));
    }
    const t = totals[choice];
    const m = Array.from(details.mask);
    t.agree += agree(m, reference.mask);
    t.rate += m.reduce((a, v) => a + v, 0) / B;
    const w = Array.from(details.weight);
    t.wMax = Math.max(t.wMax, maxAbs(w, reference.weight));
    t.wMean += w.reduce((a, v, i) => a + Math.abs(v - reference.weight[i]), 0) / B;
  }
  n++;
  tf.dispose([inputs, labels]);
}
ulps.sort((a, b) => a - b);
console.log(`TREC, Kim CNN (3/4/5 × ${F}, ${D}-d), batch ${B}, WordMixup + AMP ε = 0.002, ${n} batches, eval mode, against a float64 forward:`);
console.log(`  float64 mask rate ${pct(rate64 / n)}; |ℓ' − ℓ| in float32 ulps of max(ℓ, ℓ'): median ${ulps[ulps.length >> 1].toFixed(1)}, 10th percentile ${ulps[Math.floor(ulps.length / 10)].toFixed(1)}`);
for (const choice of CHOICES) {
  const t = totals[choice];
  console.log(`  ${choice.padEnd(12)} mask agreement ${pct(t.agree / n)}, mask rate ${pct(t.rate / n)}, re-weighting |w − w64| mean ${(t.wMean / n).toExponential(2)} max ${t.wMax.toExponential(2)}`);
}
model.dispose();
