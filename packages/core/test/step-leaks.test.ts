import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ForwardOptions, MixableModel, MixContext, Mixer, MixStepArgs } from '../src/index.js';
import { betaPolicy, createAmpState, createMlp, linearMix, mixStep, resolveAmpOptions, Rng } from '../src/index.js';
import { randomBatch } from './helpers.js';

// issue 14, item 7: a mixStep call that throws leaves no tensor behind, whichever pass throws

/** The MLP with its forward replaced by `forward(inner, x, o)`. */
function wrap(inner: MixableModel<tf.Tensor>, forward: (x: tf.Tensor, o: ForwardOptions | undefined) => tf.Tensor2D): MixableModel<tf.Tensor> {
  return { sites: inner.sites, numClasses: inner.numClasses, weights: inner.weights, batchSize: (x) => inner.batchSize(x), forward, dispose: () => inner.dispose() };
}

/** Linear interpolation that throws, after mixing, in the passes `fails` selects. */
function fragileMixer(fails: (c: MixContext) => boolean, surrogateGradient = false): Mixer {
  return {
    name: 'fragile',
    surrogateGradient,
    mix(h, c) {
      const mixed = linearMix(h, c.partners, c.lambda); // on the tape first, as a real mixer's work would be
      if (fails(c)) throw new Error(`mixer failed in the ${c.pass} pass${c.perturbedMask ? ' (training)' : ''}`);
      return mixed;
    },
  };
}

type Case = [name: string, make: (m: MixableModel<tf.Tensor>) => Partial<MixStepArgs<tf.Tensor>>, message: RegExp];

const amp = resolveAmpOptions({ epsilon: 0.5 });
const wrongShape = (m: MixableModel<tf.Tensor>) => wrap(m, (x, o) => tf.tidy(() => m.forward(x, o).slice([0, 0], [-1, 2]) as tf.Tensor2D));
let forwardCalls = 0;
/** Its forward throws on call `n` (counted from 1 over the test), after computing the logits. */
const throwingForward = (m: MixableModel<tf.Tensor>, n: number) => {
  forwardCalls = 0;
  return wrap(m, (x, o) =>
    tf.tidy(() => {
      const logits = m.forward(x, o);
      if (++forwardCalls === n) throw new Error(`forward failed on call ${n}`);
      return logits;
    }),
  );
};
const SHAPE = /^model returned logits of shape \[6, 2\]; expected \[6, 3\]$/;

const cases: Case[] = [
  ['wrong logits shape, AMP (the λ-gradient pass)', (m) => ({ model: wrongShape(m), amp }), SHAPE],
  ['wrong logits shape, a plan without AMP', (m) => ({ model: wrongShape(m) }), SHAPE],
  ['wrong logits shape, no plan', (m) => ({ model: wrongShape(m), plan: null }), SHAPE],
  ['mixer throws in AMP\'s λ-gradient pass', () => ({ mixer: fragileMixer((c) => c.pass === 'gradient'), amp }), /^mixer failed in the gradient pass$/],
  ['mixer throws in AMP\'s Min pass', () => ({ mixer: fragileMixer((c) => c.pass === 'perturbed' && !c.perturbedMask), amp }), /^mixer failed in the perturbed pass$/],
  ['mixer throws in AMP\'s training pass', () => ({ mixer: fragileMixer((c) => Boolean(c.perturbedMask)), amp }), /^mixer failed in the perturbed pass \(training\)$/],
  ['mixer throws in the plan pass of a surrogate-gradient mixer (AMP)', () => ({ mixer: fragileMixer((c) => c.pass === 'plan', true), amp }), /^mixer failed in the plan pass$/],
  ['mixer throws in the training pass without AMP', () => ({ mixer: fragileMixer((c) => c.pass === 'plan') }), /^mixer failed in the plan pass$/],
  ['forward throws in AMP\'s λ-gradient pass', (m) => ({ model: throwingForward(m, 1), amp }), /^forward failed on call 1$/],
  ['forward throws in AMP\'s Min pass', (m) => ({ model: throwingForward(m, 2), amp }), /^forward failed on call 2$/],
  ['forward throws in AMP\'s training pass', (m) => ({ model: throwingForward(m, 3), amp }), /^forward failed on call 3$/],
  ['forward throws without a plan', (m) => ({ model: throwingForward(m, 1), plan: null }), /^forward failed on call 1$/],
  ['forward throws in the training pass of an AMP step with re-weighting and dropout', (m) => ({
    model: throwingForward(m, 3), amp: resolveAmpOptions({ epsilon: 0.5, reweight: { window: 2 } }), ampState: createAmpState(), training: true, seed: 9,
  }), /^forward failed on call 3$/],
];

describe('mixStep leaks no tensor when it throws', () => {
  it.each(cases)('%s', async (_name, make, message) => {
    const rng = new Rng(3);
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, activation: 'tanh', dropout: 0.2, seed: 2 });
    const x = tf.tensor2d(randomBatch(rng, 6, 4));
    const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const plan = betaPolicy().plan({ batchSize: 6, rng, sites: model.sites });
    const counts: number[] = [];
    for (let k = 0; k < 3; k++) {
      const start = tf.memory().numTensors;
      const args = { model, inputs: x, labels, plan, training: false, ...make(model) };
      await expect(mixStep(args)).rejects.toThrow(message);
      counts.push(tf.memory().numTensors - start);
    }
    expect(counts).toEqual([0, 0, 0]);
    // the engine still works afterwards (its tape and scopes were unwound)
    const ok = await mixStep({ model, inputs: x, labels, plan, amp, training: false });
    expect(ok.stats.skipped).toBe(false);
    tf.dispose(Object.values(ok.grads!));
    tf.dispose([x, labels]);
    model.dispose();
  });
});
