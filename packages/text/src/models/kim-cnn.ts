import * as tf from '@tensorflow/tfjs';
import { glorotUniform, integerAtLeast, makeVariable, maybeDropout, mixAt, mixAtMemo, OptionError, Rng, uniqueScope } from '@ampmix/core';
import type { ForwardOptions } from '@ampmix/core';
import { sharedUnfoldConv1d } from './conv.js';
import { createEmbedding, flatIds } from './embedding.js';
import { maxOverTime } from './max-over-time.js';
import { resolveTextModelOptions } from './options.js';
import type { TextModelOptions } from './options.js';
import { checkIds, TEXT_SITES } from './text-model.js';
import type { TextModel } from './text-model.js';

/** Options of {@link createKimCnn}. */
export interface KimCnnOptions extends TextModelOptions {
  /** Filter widths (words). Default [3, 4, 5] (Kim 2014). */
  filterSizes?: number[];
  /** Feature maps per width. Default 100 (Kim 2014). */
  numFilters?: number;
}

/**
 * The CNN of Kim (2014), "Convolutional Neural Networks for Sentence Classification" (EMNLP 2014,
 * arXiv 1408.5882), as used by Guo et al. (2019, arXiv 1905.08941) for WordMixup and SenMixup:
 * embedding lookup → site `word` [B, L, D] → zero-padding of (max width − 1) positions at both ends (as
 * Kim's `pad = filter_h − 1`) → for each width h, a convolution with `numFilters` maps, ReLU and
 * max-over-time pooling → concatenation → site `sentence` [B, widths·numFilters] → dropout (0.5) → dense
 * softmax layer. The convolution is a row-gather unfold + matMul ({@link unfoldConv1d}), so its filters train
 * on the wasm backend too, and max over time is {@link maxOverTime} (ties: the first maximum takes the gradient).
 *
 * When the mix at `word` is linear (`ForwardOptions.linear`, e.g. WordMixup's interpolation), it is applied to
 * each width's convolution output before the bias instead of to the word vectors: the zero padding and the
 * convolution are linear and act on each example alike, so conv(pad(mix(x))) = mix(conv(pad(x))) and the
 * model's values are unchanged (PAD rows are zeroed by the lookup, before either mix). AMP's λ-gradient pass
 * then stops at the convolution outputs instead of running back through the convolution. Whenever the word
 * vectors themselves are not mixed, the unmixed convolution outputs are computed once for all three of AMP's
 * passes (`ForwardOptions.stepCache`: in the training pass a custom-gradient op
 * holds them, with the gradient the convolution has on the tape). Other mixes are applied to the word vectors.
 *
 * Weights (by name): `embedding` (when trainable), `conv{h}_W` [h, D, F], `conv{h}_b` [F], `out_W`, `out_b`.
 * Kim's max-norm constraint on the output layer is a training step: see {@link applyMaxNorm}.
 */
export function createKimCnn(options: KimCnnOptions): TextModel {
  const o = resolveTextModelOptions('createKimCnn', options, ['filterSizes', 'numFilters']);
  const sizes = options.filterSizes ?? [3, 4, 5];
  if (!Array.isArray(sizes) || sizes.length === 0) throw new OptionError('filterSizes', sizes, 'a non-empty array of integers ≥ 1');
  sizes.forEach((h, i) => integerAtLeast(`filterSizes[${i}]`, h, 1, 1000));
  if (new Set(sizes).size !== sizes.length) throw new OptionError('filterSizes', sizes, 'distinct widths');
  const numFilters = integerAtLeast('numFilters', options.numFilters ?? 100, 1);
  const scope = uniqueScope('kimcnn');
  const rng = new Rng(o.seed);
  const d = o.embeddingDim;
  const embedding = createEmbedding(scope, o);
  const rng2 = rng.fork(); // weights independent of the embedding draw
  const weights: Record<string, tf.Variable> = {};
  if (o.trainableEmbeddings) weights.embedding = embedding.table;
  for (const h of sizes) {
    weights[`conv${h}_W`] = makeVariable(scope, `conv${h}_W`, glorotUniform(rng2, h * d, numFilters, [h, d, numFilters]), [h, d, numFilters]);
    weights[`conv${h}_b`] = makeVariable(scope, `conv${h}_b`, new Float32Array(numFilters), [numFilters]);
  }
  const sentenceDim = sizes.length * numFilters;
  weights.out_W = makeVariable(scope, 'out_W', glorotUniform(rng2, sentenceDim, o.numClasses), [sentenceDim, o.numClasses]);
  weights.out_b = makeVariable(scope, 'out_b', new Float32Array(o.numClasses), [o.numClasses]);
  const pad = Math.max(...sizes) - 1;
  const lookedUpIds = (ids: tf.Tensor2D): tf.Tensor1D => {
    checkIds('kim-cnn', ids, o.maxLength);
    return flatIds(ids);
  };

  return {
    kind: 'kim-cnn',
    sites: TEXT_SITES,
    numClasses: o.numClasses,
    weights,
    rowLookups: o.trainableEmbeddings ? { embedding: lookedUpIds } : undefined,
    embedding: embedding.table,
    embeddingDim: d,
    maxLength: o.maxLength,
    sentenceDim,
    batchSize: (ids) => ids.shape[0],
    forward(ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
      return tf.tidy(() => {
        checkIds('kim-cnn', ids, o.maxLength);
        // a linear mix commutes with pad + conv (both linear, per example): mix the conv outputs, before the bias
        const convMix = opts?.site === 'word' && opts.linear === true ? opts.mix : undefined;
        // the conv's input is the same in every pass unless the word vectors themselves are mixed
        const convShared = convMix !== undefined || !(opts?.mix && opts.site === 'word');
        const paddedShape = [ids.shape[0], ids.shape[1] + 2 * pad, d];
        let padded: tf.Tensor3D | undefined;
        const paddedWords = (): tf.Tensor3D => {
          if (padded) return padded;
          const lookedUp = embedding.lookup(ids, opts?.rows?.embedding);
          const words = convMix ? lookedUp : (mixAt('word', lookedUp, opts) as tf.Tensor3D);
          padded = pad > 0 ? (tf.pad(words, [[0, 0], [pad, pad], [0, 0]]) as tf.Tensor3D) : words;
          return padded;
        };
        const sentence = () => {
          const pooled = sizes.map((h) => {
            // the unmixed conv outputs are the same in all of AMP's passes: computed once per step (with their
            // gradient in the training pass)
            const cache = convShared ? opts?.stepCache : undefined;
            const filter = weights[`conv${h}_W`] as unknown as tf.Tensor3D;
            let conv: tf.Tensor = sharedUnfoldConv1d(cache, `${scope}/conv${h}`, paddedWords, paddedShape, filter, o.trainableEmbeddings);
            if (convMix) conv = convMix(conv);
            return maxOverTime(tf.relu(tf.add(conv, weights[`conv${h}_b`])) as tf.Tensor3D);
          });
          return pooled.length === 1 ? pooled[0] : tf.concat(pooled, 1);
        };
        // the whole encoder precedes the `sentence` site: computed once for AMP's λ-gradient and Min passes
        let s = mixAtMemo('sentence', `${scope}/sentence`, sentence, opts);
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
