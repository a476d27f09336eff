// Prototype: the Kim CNN of @ampmix/sentence-mixup (same weights, names, sites, padding and values) built
// from the faster pieces: GatherNd lookup (gather-nd.mjs), a gather-based unfold or per-tap convolution
// (conv.mjs), max over time with a scatterND gradient (conv.mjs). Pair with installFastMatMulGrad() on wasm.
//
// Option `mixAfterConv` (exact for a linear mixer such as WordMixup's): the convolution is linear and acts
// on each example separately, and zero padding is linear, so conv(λ·h_i + (1 − λ)·h_π(i)) =
// λ·conv(h_i) + (1 − λ)·conv(h_π(i)). Mixing the conv outputs (before bias and ReLU) instead of the word
// vectors gives the same logits, but AMP's λ-gradient pass then stops at the conv output: no backward through
// the convolution. Option `reusePrefix` (a what-if, AMP steps only): the unmixed conv outputs of the λ-gradient
// pass are reused by the λ' pass (neither needs weight gradients); the training pass recomputes them on the tape.
// It counts calls (gradient, perturbed, train) because ForwardOptions does not say which pass is running:
// adopting it needs that information from core (e.g. `pass` in ForwardOptions).
import * as tf from '@tensorflow/tfjs';
import { maybeDropout, mixAt } from '@ampmix/core';
import { gatherRowsNd } from './gather-nd.mjs';
import { gatherUnfoldConv1d, maxOverTime, tapConv1d } from './conv.mjs';

/**
 * Wraps a model made by createKimCnn (its weights are shared, not copied) with a forward pass built from the
 * prototype pieces. `widths` and `dropout` must be the ones the model was made with.
 */
export function fastKimCnn(model, { widths = [3, 4, 5], dropout = 0.5, conv = 'gather-unfold', mixAfterConv = false, reusePrefix = false } = {}) {
  const w = model.weights;
  const table = model.embedding;
  const pad = Math.max(...widths) - 1;
  const convFn = conv === 'tap' ? tapConv1d : gatherUnfoldConv1d;
  let cache = null; // { ids, calls, convs } for reusePrefix
  const convs = (ids) => {
    const [b, l] = ids.shape;
    const rows = gatherRowsNd(table, tf.reshape(ids, [b * l]));
    const mask = tf.reshape(tf.cast(tf.notEqual(ids, 0), 'float32'), [b, l, 1]);
    const words = tf.mul(tf.reshape(rows, [b, l, table.shape[1]]), mask);
    return { words, convOf: (x) => { const p = tf.pad(x, [[0, 0], [pad, pad], [0, 0]]); return widths.map((h) => convFn(p, w[`conv${h}_W`])); } };
  };
  return {
    ...model,
    forward(ids, opts) {
      return tf.tidy(() => {
        const mixWords = opts?.mix && opts.site === 'word';
        let raw;
        if (mixWords && mixAfterConv) {
          if (reusePrefix && cache && cache.ids === ids && cache.calls === 1) {
            cache.calls = 2; // the λ' pass: reuse the λ-gradient pass's unmixed conv outputs
            raw = cache.convs.map((t) => opts.mix(t));
          } else {
            const second = reusePrefix && cache && cache.ids === ids && cache.calls === 2;
            if (cache) tf.dispose(cache.convs);
            cache = null;
            const { words, convOf } = convs(ids);
            const c = convOf(words);
            if (reusePrefix && !second) cache = { ids, calls: 1, convs: c.map((t) => tf.keep(t)) };
            raw = c.map((t) => opts.mix(t));
          }
        } else {
          const { words, convOf } = convs(ids);
          raw = convOf(mixAt('word', words, opts));
        }
        const pooled = widths.map((h, i) => maxOverTime(tf.relu(tf.add(raw[i], w[`conv${h}_b`]))));
        let s = tf.concat(pooled, 1);
        s = mixAt('sentence', s, opts);
        s = maybeDropout(s, dropout, opts?.training, opts?.seed);
        return tf.add(tf.matMul(s, w.out_W), w.out_b);
      });
    },
    dispose() {
      if (cache) tf.dispose(cache.convs);
      cache = null;
      model.dispose();
    },
  };
}
