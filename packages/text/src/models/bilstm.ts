import * as tf from '@tensorflow/tfjs';
import { gatherRows, integerAtLeast, makeVariable, maybeDropout, mixAt, mixAtMemo, Rng, uniqueScope } from '@ampmix/core';
import type { ForwardOptions } from '@ampmix/core';
import { attentionPool } from './attention.js';
import { createEmbedding, flatIds, tokenMask } from './embedding.js';
import { trimTrailingPadding } from './trim-padding.js';
import { biLstmLayer } from './lstm.js';
import type { LstmWeights } from './lstm.js';
import { resolveTextModelOptions } from './options.js';
import type { TextModelOptions } from './options.js';
import { checkIds, TEXT_SITES } from './text-model.js';
import type { TextModel } from './text-model.js';

/** Options of {@link createBiLstm}. */
export interface BiLstmOptions extends TextModelOptions {
  /** LSTM units per direction. Default 100. */
  hiddenSize?: number;
  /** Stacked bidirectional layers. Default 1; the AMP reference code uses 2 (dropout between them). */
  numLayers?: number;
}

function uniform(rng: Rng, n: number, limit: number): Float32Array {
  return Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * limit);
}

/**
 * A bidirectional LSTM with attention pooling, the RNN of the AMP paper's public code (Liu et al.,
 * EMNLP 2021, arXiv 2109.07177), used with WordMixup and SenMixup (Guo et al. 2019, arXiv 1905.08941):
 * embedding lookup → site `word` [B, L, D] → BiLSTM (H per direction; padding masked: the state is
 * carried through it) → α = softmax_t(tanh(H_t)·w) over the tokens only → Σ_t α_t H_t → site `sentence`
 * [B, 2H] → ReLU → dropout → dense softmax layer. When mixing at `word`, a position is a token if it is
 * one in either sentence (the union of the two padding masks, via `ForwardOptions.partners`), so the
 * longer sentence of a pair is not cut. A linear `word` mix (`ForwardOptions.linear`, e.g. WordMixup's) is
 * applied to the first layer's input projections x·Wx instead (same values: the projection is linear and per
 * example), so AMP's λ-gradient pass does not run back through the projection. Whenever the word vectors
 * themselves are not mixed, the unmixed projections are computed once for all three of AMP's passes
 * (`ForwardOptions.stepCache`, core's `sharedMatMul`, with their gradient in the training pass).
 * Positions that are padding in every row of the batch are skipped (the batch is cut to its longest sentence,
 * as the masking makes them change nothing): a batch of short sentences runs a short recurrence.
 *
 * Initialisation after PyTorch's (U[±1/√H] for the LSTM weights and its one bias — PyTorch sums two such biases —, w = 0 as
 * the reference code). Weights (by name):
 * `embedding` (when trainable), `lstm{l}_{fw|bw}_{Wx|Wh|b}`, `att_w`, `out_W`, `out_b`.
 */
export function createBiLstm(options: BiLstmOptions): TextModel {
  const o = resolveTextModelOptions('createBiLstm', options, ['hiddenSize', 'numLayers']);
  const hidden = integerAtLeast('hiddenSize', options.hiddenSize ?? 100, 1);
  const numLayers = integerAtLeast('numLayers', options.numLayers ?? 1, 1, 8);
  const scope = uniqueScope('bilstm');
  const rng = new Rng(o.seed).fork();
  const embedding = createEmbedding(scope, o);
  const weights: Record<string, tf.Variable> = {};
  if (o.trainableEmbeddings) weights.embedding = embedding.table;
  const limit = 1 / Math.sqrt(hidden);
  const layers: { fw: LstmWeights; bw: LstmWeights }[] = [];
  for (let l = 1; l <= numLayers; l++) {
    const inDim = l === 1 ? o.embeddingDim : 2 * hidden;
    const dir = (name: 'fw' | 'bw'): LstmWeights => {
      const p = `lstm${l}_${name}`;
      weights[`${p}_Wx`] = makeVariable(scope, `${p}_Wx`, uniform(rng, inDim * 4 * hidden, limit), [inDim, 4 * hidden]);
      weights[`${p}_Wh`] = makeVariable(scope, `${p}_Wh`, uniform(rng, hidden * 4 * hidden, limit), [hidden, 4 * hidden]);
      weights[`${p}_b`] = makeVariable(scope, `${p}_b`, uniform(rng, 4 * hidden, limit), [4 * hidden]);
      return { wx: weights[`${p}_Wx`] as tf.Tensor as tf.Tensor2D, wh: weights[`${p}_Wh`] as tf.Tensor as tf.Tensor2D, b: weights[`${p}_b`] as tf.Tensor as tf.Tensor1D };
    };
    layers.push({ fw: dir('fw'), bw: dir('bw') });
  }
  const sentenceDim = 2 * hidden;
  weights.att_w = makeVariable(scope, 'att_w', new Float32Array(sentenceDim), [sentenceDim]);
  const outLimit = 1 / Math.sqrt(sentenceDim);
  weights.out_W = makeVariable(scope, 'out_W', uniform(rng, sentenceDim * o.numClasses, outLimit), [sentenceDim, o.numClasses]);
  weights.out_b = makeVariable(scope, 'out_b', uniform(rng, o.numClasses, outLimit), [o.numClasses]);

  // the ids the (trimmed) lookup reads
  const lookedUpIds = (allIds: tf.Tensor2D): tf.Tensor1D => {
    checkIds('bilstm', allIds, o.maxLength);
    return tf.tidy(() => flatIds(trimTrailingPadding(allIds)));
  };

  return {
    kind: 'bilstm',
    sites: TEXT_SITES,
    numClasses: o.numClasses,
    weights,
    rowLookups: o.trainableEmbeddings ? { embedding: (ids) => lookedUpIds(ids) } : undefined,
    embedding: embedding.table,
    embeddingDim: o.embeddingDim,
    maxLength: o.maxLength,
    sentenceDim,
    batchSize: (ids) => ids.shape[0],
    forward(allIds: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
      return tf.tidy(() => {
        checkIds('bilstm', allIds, o.maxLength);
        // positions that are padding in every row change nothing (masked): the recurrence skips them
        const ids = trimTrailingPadding(allIds);
        let mask = tokenMask(ids);
        const mixWords = opts?.mix !== undefined && opts.site === 'word';
        if (mixWords && opts?.partners) mask = tf.maximum(mask, gatherRows(mask, opts.partners)) as tf.Tensor2D;
        // a linear mix commutes with the first layer's input projection: mix x·Wx (before the bias) instead of x
        const projMix = mixWords && opts?.linear === true ? opts.mix : undefined;
        // the unmixed projections are the same in all of AMP's passes unless the word vectors themselves are
        // mixed: computed once per step (with their gradient in the training pass)
        const cache = projMix || !mixWords ? opts?.stepCache : undefined;
        const share = cache ? { cache, key: `${scope}/proj1`, inputGradient: o.trainableEmbeddings } : undefined;
        const words = () => embedding.lookup(ids, opts?.rows?.embedding);
        const encode = () => {
          let h: tf.Tensor3D | undefined;
          layers.forEach((layer, k) => {
            if (k === 0) {
              h = biLstmLayer(projMix || !mixWords ? words : (mixAt('word', words(), opts) as tf.Tensor3D), mask, layer.fw, layer.bw, projMix, share);
              return;
            }
            h = maybeDropout(h!, o.dropout, opts?.training, opts?.seed === undefined ? undefined : opts.seed + 100 + k) as tf.Tensor3D;
            h = biLstmLayer(h, mask, layer.fw, layer.bw);
          });
          return attentionPool(h!, weights.att_w as tf.Tensor as tf.Tensor1D, mask);
        };
        // the recurrence and attention precede the `sentence` site: computed once for AMP's λ-gradient and Min passes
        let s: tf.Tensor = tf.relu(mixAtMemo('sentence', `${scope}/sentence`, encode, opts));
        s = maybeDropout(s, o.dropout, opts?.training, opts?.seed);
        return tf.add(tf.matMul(s as tf.Tensor2D, weights.out_W), weights.out_b) as tf.Tensor2D;
      });
    },
    dispose() {
      for (const v of Object.values(weights)) if (!v.isDisposed) v.dispose();
      if (!embedding.table.isDisposed) embedding.table.dispose();
    },
  };
}
