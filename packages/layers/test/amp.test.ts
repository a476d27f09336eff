import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { identityPlan, linearMix, mixStep, perExampleLoss, resolveAmpOptions, toTargets } from '@ampmix/core';
import type { MixPlan } from '@ampmix/core';
import { centralDifferences, maxAbsDiff } from '@ampmix/core/testing';
import { UnsupportedModelError, wrapLayersModel } from '../src/index.js';
import { branchedModel, randomTensor, sequentialMlp } from './helpers.js';

const planAt = (site: string, lambda: number[], partners: number[]): MixPlan => ({ site, lambda: Float32Array.from(lambda), partners: Int32Array.from(partners) });

describe('AMP through a wrapped LayersModel', () => {
  it.each(['cat', 'sum'])('the λ-gradient at hidden layer %s of a functional model matches central finite differences', async (site) => {
    const model = branchedModel(5);
    const w = wrapLayersModel(model, { sites: ['sum', 'cat'] });
    const x = randomTensor(4, [4, 4]);
    const labels = tf.tensor1d([0, 2, 1, 2], 'int32');
    const lambda = [0.3, 0.55, 0.7, 0.45];
    const plan = planAt(site, lambda, [2, 3, 0, 1]);
    const before = tf.memory().numTensors;
    const r = await mixStep({ model: w, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 1, details: true });
    tf.dispose(Object.values(r.grads!));
    expect(tf.memory().numTensors).toBe(before);
    // ℓ̄(λ) = mean_i ℓ_i with the example mixed at `sum` with λ and the targets fixed at the plan's λ
    const f = (l: Float64Array) =>
      tf.tidy(() => {
        const lt = tf.tensor1d(Float32Array.from(l));
        const partners = tf.tensor1d(plan.partners, 'int32');
        const targets = linearMix(toTargets(labels, 3), partners, tf.tensor1d(plan.lambda)) as tf.Tensor2D;
        const z = w.forward(x, { site, mix: (h) => linearMix(h, partners, lt as tf.Tensor1D) });
        return perExampleLoss('softmax-ce', z, targets).mean().dataSync()[0];
      });
    const numeric = centralDifferences(f, lambda, 1e-2);
    const scale = Math.max(...Array.from(numeric, Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(r.details!.lambdaGrad, numeric)).toBeLessThan(2e-2 * scale);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it("a dropout model's AMP passes share their masks: at ε = 0, ℓ' − ℓ is exactly 0; masks differ between steps", async () => {
    const model = sequentialMlp({ dropout: 0.5, hidden: 16 });
    const w = wrapLayersModel(model);
    const x = randomTensor(5, [6, 5]);
    const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const plan = planAt('hidden', [0.2, 0.4, 0.6, 0.8, 0.5, 0.3], [5, 4, 3, 2, 1, 0]);
    const before = tf.memory().numTensors;
    const step = async (seed: number) => {
      const r = await mixStep({ model: w, inputs: x, labels, plan, amp: resolveAmpOptions({ epsilon: 0 }), seed, details: true });
      tf.dispose(Object.values(r.grads!));
      return r;
    };
    const a = await step(11);
    for (let i = 0; i < 6; i++) expect(a.details!.lossAfter[i] - a.details!.lossBefore[i]).toBe(0);
    // the same seed gives the same masks (and losses); another seed other masks
    const again = await step(11);
    expect(Array.from(again.details!.lossBefore)).toEqual(Array.from(a.details!.lossBefore));
    const b = await step(12);
    expect(Array.from(b.details!.lossBefore)).not.toEqual(Array.from(a.details!.lossBefore));
    // and the mask really is a dropout mask: the training pass differs from inference
    const z = tf.tidy(() => [w.forward(x, { training: true, seed: 11 }).dataSync(), w.forward(x, { training: false }).dataSync()]);
    expect(Array.from(z[0])).not.toEqual(Array.from(z[1]));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('gaussianNoise, gaussianDropout and alphaDropout are seeded: same seed, same output; other seed, other output; inference is the identity', () => {
    for (const layer of [tf.layers.gaussianNoise({ stddev: 0.5 }), tf.layers.gaussianDropout({ rate: 0.3 }), tf.layers.alphaDropout({ rate: 0.3 })]) {
      const m = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), name: 'd' }), layer, tf.layers.dense({ units: 2, name: 'o' })] });
      const w = wrapLayersModel(m);
      const x = randomTensor(6, [4, 3]);
      const before = tf.memory().numTensors;
      const run = (seed: number) => tf.tidy(() => Array.from(w.forward(x, { training: true, seed }).dataSync()));
      expect(run(3)).toEqual(run(3));
      expect(run(3)).not.toEqual(run(4));
      const [plain, ref] = tf.tidy(() => [Array.from(w.forward(x, { training: false }).dataSync()), Array.from((m.predict(x) as tf.Tensor).dataSync())]);
      expect(plain).toEqual(ref);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      m.dispose();
    }
  });

  it('gaussianNoise draws x + N(0, stddev²) (checked on its moments)', () => {
    const m = tf.sequential({ layers: [tf.layers.gaussianNoise({ stddev: 0.5, inputShape: [1000], name: 'n' }), tf.layers.dense({ units: 2, name: 'o' })] });
    const w = wrapLayersModel(m, { sites: ['n'] });
    const x = tf.ones([4, 1000]);
    const noise: number[] = [];
    w.forward(x, { training: true, seed: 9, site: 'n', mix: (h) => { noise.push(...Array.from(tf.tidy(() => tf.sub(h, x)).dataSync())); return h; } }).dispose();
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / (noise.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
    x.dispose();
    m.dispose();
  });

  it('a training-mode pass through a stochastic layer needs a seed; an unseeded random layer is refused by name', () => {
    const m = sequentialMlp({ dropout: 0.5 });
    const w = wrapLayersModel(m);
    const x = randomTensor(1, [2, 5]);
    expect(() => w.forward(x, { training: true })).toThrow(/Invalid seed: got undefined; expected an integer seed for a training-mode pass \(layer "drop" is a Dropout\)/);
    class NoisyLayer extends tf.layers.Layer {
      static className = 'NoisyLayer';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return tf.tidy(() => { const t = Array.isArray(inputs) ? inputs[0] : inputs; return tf.add(t, tf.randomUniform(t.shape)); });
      }
    }
    const n = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [5], name: 'd' }), new NoisyLayer({ name: 'noisy' }), tf.layers.dense({ units: 2, name: 'o' })] });
    const wn = wrapLayersModel(n);
    const before = tf.memory().numTensors;
    expect(() => wn.forward(x, { training: true, seed: 1 })).toThrow(UnsupportedModelError);
    expect(() => wn.forward(x, { training: true, seed: 1 })).toThrow(/layer "noisy" \(NoisyLayer\) draws random numbers in training mode from an unseeded source/);
    expect(tf.memory().numTensors).toBe(before);
    // inference is fine
    wn.forward(x).dispose();
    tf.dispose([x]);
    m.dispose();
    n.dispose();
  });

  it('refuses several inputs or outputs and bad sites, naming them', () => {
    const a = tf.input({ shape: [2], name: 'a' });
    const b = tf.input({ shape: [2], name: 'b' });
    const cat = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const two = tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 2 }).apply(cat) as tf.SymbolicTensor });
    expect(() => wrapLayersModel(two)).toThrow(/has 2 inputs \(a, b\); wrapLayersModel supports models with exactly one input/);
    const y1 = tf.layers.dense({ units: 2 }).apply(a) as tf.SymbolicTensor;
    const y2 = tf.layers.dense({ units: 2 }).apply(a) as tf.SymbolicTensor;
    expect(() => wrapLayersModel(tf.model({ inputs: a, outputs: [y1, y2] }))).toThrow(/has 2 outputs/);
    const shared = tf.layers.dense({ units: 2, name: 'shared' });
    const twice = shared.apply(shared.apply(a) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const sharedModel = tf.model({ inputs: a, outputs: tf.layers.dense({ units: 2, name: 'head' }).apply(twice) as tf.SymbolicTensor });
    expect(wrapLayersModel(sharedModel).sites).toEqual(['input']);
    expect(() => wrapLayersModel(sharedModel, { sites: ['shared'] })).toThrow(/"shared" cannot: it is called 2 times in the graph/);
    const m = sequentialMlp();
    expect(() => wrapLayersModel(m, { sites: ['out'] })).toThrow(/Invalid sites\[0\]: got "out"; expected a layer that can be mixed at \("out" cannot: it is the output layer\)/);
    expect(() => wrapLayersModel(m, { sites: ['hiden'] })).toThrow(/Invalid sites\[0\]: got "hiden"; expected "input" or one of the model's layers: "hidden"/);
    expect(wrapLayersModel(m, { sites: ['hidden'] }).sites).toEqual(['hidden']);
    expect(wrapLayersModel(m, { sites: ['hidden', 'input'] }).sites).toEqual(['input', 'hidden']);
    const x = randomTensor(1, [2, 4]);
    expect(() => wrapLayersModel(m).forward(x)).toThrow(/takes inputs of shape \[batch, 5\]; got \[2, 4\]/);
    x.dispose();
    m.dispose();
    two.dispose();
  });

  it('a plain (unmixed) step through mixStep gives the gradients tf.variableGrads gives on model.predict', async () => {
    const model = sequentialMlp({ softmax: true });
    const w = wrapLayersModel(model);
    const x = randomTensor(8, [5, 5]);
    const labels = tf.tensor1d([0, 1, 2, 1, 0], 'int32');
    const r = await mixStep({ model: w, inputs: x, labels, training: false });
    const ref = tf.variableGrads(() => tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 3), tf.log(model.predict(x) as tf.Tensor)), -1))) as tf.Scalar));
    for (const [k, g] of Object.entries(ref.grads)) expect(maxAbsDiff(r.grads![k].dataSync(), g.dataSync())).toBeLessThan(1e-5);
    tf.dispose([...Object.values(r.grads!), ...Object.values(ref.grads), ref.value, x, labels]);
    model.dispose();
  });

  it('batchNormalization updates its moving statistics once per AMP step, as one plain tfjs fit step on the same batch does', async () => {
    const build = () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ units: 6, inputShape: [5], name: 'd', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
          tf.layers.batchNormalization({ name: 'bn', momentum: 0.9 }),
          tf.layers.activation({ activation: 'tanh', name: 't' }),
          tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
        ],
      });
    const [a, b] = [build(), build()];
    const x = randomTensor(9, [8, 5]);
    const labels = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    const y = tf.oneHot(labels, 3);
    const w = wrapLayersModel(a);
    const before = tf.memory().numTensors;
    // an AMP step (three passes in training mode) whose trained pass sees the unmixed batch (λ = 1, ε = 0)
    const r = await mixStep({ model: w, inputs: x, labels, plan: identityPlan(8, 'input'), amp: resolveAmpOptions({ epsilon: 0 }), seed: 3 });
    const sgdA = tf.train.sgd(0.1);
    sgdA.applyGradients(r.grads!);
    tf.dispose(Object.values(r.grads!));
    sgdA.dispose();
    expect(tf.memory().numTensors).toBe(before);
    b.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    await b.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
    const stats = (m: tf.LayersModel) => m.getLayer('bn').getWeights().map((t) => Array.from(t.dataSync()));
    // gamma, beta (trained: equal up to float rounding), moving mean and variance (exactly equal)
    const [sa, sb] = [stats(a), stats(b)];
    expect(sa[2]).toEqual(sb[2]);
    expect(sa[3]).toEqual(sb[3]);
    expect(sa[2].some((v) => v !== 0)).toBe(true);
    for (const [i, t] of a.getWeights().entries()) expect(maxAbsDiff(t.dataSync(), b.getWeights()[i].dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, labels, y]);
    a.dispose();
    b.dispose();
  });

  it('a model nested as a layer is one layer: predict equals model.predict; its own dropout is refused in training', () => {
    const inner = tf.sequential({ name: 'inner', layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'tanh', name: 'i1' }), tf.layers.dropout({ rate: 0.5, name: 'i_drop' })] });
    const x = tf.input({ shape: [3], name: 'x' });
    const h = inner.apply(x) as tf.SymbolicTensor;
    const outer = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2, activation: 'softmax', name: 'o' }).apply(h) as tf.SymbolicTensor });
    const w = wrapLayersModel(outer);
    expect(w.sites).toEqual(['input', 'inner']);
    const xs = randomTensor(3, [5, 3]);
    const [p, ref] = [w.predict(xs), outer.predict(xs) as tf.Tensor];
    expect(Array.from(p.dataSync())).toEqual(Array.from(ref.dataSync()));
    expect(() => w.forward(xs, { training: true, seed: 1 })).toThrow(/layer "inner" \(Sequential\) draws random numbers in training mode from an unseeded source/);
    tf.dispose([p, ref, xs]);
    outer.dispose();
  });
});
