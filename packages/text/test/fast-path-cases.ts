/**
 * A text model with a linear `word` mix applied after its first linear map (`ForwardOptions.linear`: the Kim
 * CNN's convolution, the BiLSTM's input projection) against the same model mixing the word vectors: shared by
 * the cpu and wasm test files. Each function runs both paths
 * and returns what they computed, as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { linearMix, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import type { Mixer, MixPlan, MixStepResult } from '@ampmix/core';
import { createBiLstm, createKimCnn } from '../src/index.js';
import { wordMixup } from '@ampmix/sentence-mixup';
import type { TextModel } from '../src/index.js';

/** Sentences with padding (id 0), one of them a single word, one without padding. */
export const FAST_PATH_IDS = [
  [2, 3, 4, 0, 0, 0],
  [5, 6, 0, 0, 0, 0],
  [7, 8, 9, 10, 11, 3],
  [12, 13, 2, 0, 0, 0],
  [4, 0, 0, 0, 0, 0],
  [6, 6, 7, 1, 0, 0],
];
export const FAST_PATH_LABELS = [0, 1, 2, 1, 0, 2];

/** A small Kim CNN (widths 1, 2, 3) with non-zero biases, so that ReLU and the padding windows matter. */
export function fastPathModel(dropout = 0.3): TextModel {
  const m = createKimCnn({ vocabSize: 14, numClasses: 3, maxLength: 6, embeddingDim: 5, filterSizes: [1, 2, 3], numFilters: 4, dropout, seed: 2 });
  tf.tidy(() => {
    for (const [i, h] of [1, 2, 3].entries()) m.weights[`conv${h}_b`].assign(tf.randomUniform([4], -0.3, 0.3, 'float32', 40 + i));
  });
  return m;
}

/** A small BiLSTM (2 layers, 3 units per direction): a linear word mix goes to the first layer's projections. */
export function fastPathBiLstm(dropout = 0.3): TextModel {
  return createBiLstm({ vocabSize: 14, numClasses: 3, maxLength: 6, embeddingDim: 5, hiddenSize: 3, numLayers: 2, dropout, seed: 4 });
}

/** What one path computed by hand-built ForwardOptions. */
export interface HandPathResult {
  logits: Float32Array;
  lambdaGrad: Float32Array;
  grads: Record<string, Float32Array>;
  /** Shapes of the tensors `mix` received in the plain forward pass. */
  mixedShapes: number[][];
}

/**
 * Logits, ∂loss/∂λ and ∂loss/∂weights of `model` with the word mix λ·h_i + (1 − λ)·h_π(i) (core's
 * `linearMix`) passed with `linear`, for loss = Σ w ⊙ logSoftmax(logits) with fixed random w.
 */
export function handPath(model: TextModel, partners: number[], lambda: number[], linear: boolean, training = false): HandPathResult {
  return tf.tidy(() => {
    const x = tf.tensor2d(FAST_PATH_IDS, undefined, 'int32');
    const p = tf.tensor1d(partners, 'int32');
    const w = tf.randomNormal([FAST_PATH_IDS.length, model.numClasses], 0, 1, 'float32', 3);
    const l0 = tf.tensor1d(lambda);
    const mixedShapes: number[][] = [];
    const forward = (l: tf.Tensor, record = false) =>
      model.forward(x, {
        site: 'word',
        mix: (h) => (record && mixedShapes.push(h.shape), linearMix(h, p, l as tf.Tensor1D)),
        linear,
        partners: p,
        training,
        seed: 5,
      });
    const loss = (l: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(forward(l)), w)) as tf.Scalar;
    const logits = forward(l0, true).dataSync() as Float32Array;
    const lambdaGrad = tf.grad(loss)(l0).dataSync() as Float32Array;
    const { value, grads } = tf.variableGrads(() => loss(l0), Object.values(model.weights));
    value.dispose();
    const byName = Object.fromEntries(Object.entries(model.weights).map(([k, v]) => [k, grads[v.name].dataSync() as Float32Array]));
    return { logits, lambdaGrad, grads: byName, mixedShapes };
  });
}

/** A mixStep's stats, details and gradients (read back, gradients disposed), and the shapes mixed. */
export interface StepPathResult {
  stats: MixStepResult['stats'];
  details: NonNullable<MixStepResult['details']>;
  grads: Record<string, Float32Array>;
  mixedShapes: number[][];
}

/** Plans for the mixStep comparison: WordMixup's own draw, and a hand-made one with fixed points. */
export function fastPathPlans(model: TextModel): MixPlan[] {
  const drawn = wordMixup().policy.plan({ batchSize: FAST_PATH_IDS.length, rng: new Rng(3), sites: model.sites });
  const fixed: MixPlan = { site: 'word', lambda: Float32Array.of(0.3, 0.8, 0.55, 0.9, 0.2, 0.6), partners: Int32Array.of(3, 1, 4, 0, 2, 5) };
  return [drawn, fixed];
}

/**
 * One AMP step (ε = 0.5, dropout on, seed 9) through core's `mixStep` with WordMixup's mixer (`linear: true`:
 * mixed after the conv) or a copy of it with `linear: false` (mixed at the word vectors).
 */
export async function stepPath(model: TextModel, plan: MixPlan, linear: boolean): Promise<StepPathResult> {
  const mixedShapes: number[][] = [];
  const mixer: Mixer = { ...linearMixer, linear, mix: (h, c) => (mixedShapes.push(h.shape), linearMixer.mix(h, c)) };
  const x = tf.tensor2d(FAST_PATH_IDS, undefined, 'int32');
  const y = tf.tensor1d(FAST_PATH_LABELS, 'int32');
  try {
    const r = await mixStep({ model, inputs: x, labels: y, plan, mixer, amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 9, details: true });
    const grads = Object.fromEntries(Object.entries(r.grads ?? {}).map(([k, t]) => [k, t.dataSync().slice() as Float32Array]));
    tf.dispose(Object.values(r.grads ?? {}));
    return { stats: r.stats, details: r.details!, grads, mixedShapes };
  } finally {
    tf.dispose([x, y]);
  }
}
