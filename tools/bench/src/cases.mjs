// The benchmarked models, their Mixup method and their input batches.
import * as tf from '@tensorflow/tfjs';
import { Rng, betaPolicy, createMlp, linearMixer } from '@ampmix/core';

let sentence;
/**
 * @ampmix/text's backbones with @ampmix/sentence-mixup's methods, or an Error saying why they are unavailable
 * (not cached: retried). BENCH_TEXT_MODULE (a file path or specifier) loads another build of @ampmix/text
 * instead, for A/B runs of two versions.
 */
async function sentenceMixup() {
  if (sentence) return sentence;
  try {
    const [text, methods] = await Promise.all([import(process.env.BENCH_TEXT_MODULE || '@ampmix/text'), import('@ampmix/sentence-mixup')]);
    sentence = { ...text, ...methods };
    return sentence;
  } catch (e) {
    return new Error(`@ampmix/text or @ampmix/sentence-mixup cannot be loaded (${String(e.message ?? e).split('\n')[0]})`);
  }
}

/** Human-readable description of a model at `shapes`. */
export function describeModel(name, s) {
  if (name === 'mlp') return `MLP ${[s.mlp.inputSize, ...s.mlp.hiddenSizes, s.mlp.numClasses].join('-')}, batch ${s.batch}, input Mixup`;
  const text = `batch ${s.batch}, length ${s.length}, emb ${s.embeddingDim}, vocab ${s.vocabSize}, ${s.numClasses} classes, WordMixup`;
  if (name === 'cnn') return `Kim CNN (filters ${s.filterSizes.join('/')}×${s.numFilters}), ${text}`;
  return `BiLSTM-attention (hidden ${s.hiddenSize}), ${text}`;
}

/** Random token ids [B, L]: lengths uniform in [min(5, L), L], PAD (0) after the sentence. */
export function randomTokenIds(rng, batch, length, vocabSize) {
  const ids = new Int32Array(batch * length);
  const shortest = Math.min(5, length);
  for (let b = 0; b < batch; b++) {
    const n = shortest + rng.int(length - shortest + 1);
    for (let t = 0; t < n; t++) ids[b * length + t] = 1 + rng.int(vocabSize - 1);
  }
  return ids;
}

/**
 * Builds a case on the active backend: `{ model, method, batches, dispose }` with `batches` a few
 * `{ inputs, labels, labelArray, ids }` the timed loop cycles through (`ids`: the token ids of a text batch). Throws an Error when the model is unavailable.
 */
export async function buildCase(name, s, seed = 1) {
  const rng = new Rng(seed);
  let model;
  let method;
  let makeInputs;
  const numClasses = name === 'mlp' ? s.mlp.numClasses : s.numClasses;
  if (name === 'mlp') {
    model = createMlp({ ...s.mlp, hiddenSizes: [...s.mlp.hiddenSizes], seed });
    method = { name: 'input-mixup', policy: betaPolicy({ site: 'input' }), mixer: linearMixer };
    makeInputs = () => tf.tidy(() => tf.randomNormal([s.batch, s.mlp.inputSize], 0, 1, 'float32', rng.nextSeed()));
  } else {
    const mod = await sentenceMixup();
    if (mod instanceof Error) throw mod;
    const common = { vocabSize: s.vocabSize, numClasses, maxLength: s.length, embeddingDim: s.embeddingDim, dropout: s.dropout, seed };
    model = name === 'cnn'
      ? mod.createKimCnn({ ...common, filterSizes: [...s.filterSizes], numFilters: s.numFilters })
      : mod.createBiLstm({ ...common, hiddenSize: s.hiddenSize });
    method = mod.wordMixup();
    makeInputs = () => {
      const ids = randomTokenIds(rng, s.batch, s.length, s.vocabSize);
      return { inputs: tf.tensor2d(ids, [s.batch, s.length], 'int32'), ids };
    };
  }
  const batches = [];
  for (let i = 0; i < 4; i++) {
    const labelArray = Int32Array.from({ length: s.batch }, () => rng.int(numClasses));
    const x = makeInputs();
    const inputs = x instanceof tf.Tensor ? x : x.inputs;
    batches.push({ inputs, labels: tf.tensor1d(labelArray, 'int32'), labelArray, ids: x instanceof tf.Tensor ? null : x.ids });
  }
  return {
    model,
    method,
    batches,
    dispose() {
      for (const b of batches) tf.dispose([b.inputs, b.labels]);
      model.dispose();
    },
  };
}
