import type * as tf from '@tensorflow/tfjs';
import type { StepCache } from './step-cache.js';

/** Applied by a model at its mix site: receives the batch there and returns the mixed batch. */
export type MixFn = (h: tf.Tensor) => tf.Tensor;

/** Options of {@link MixableModel.forward}. */
export interface ForwardOptions {
  /** Where to mix; omit (or omit `mix`) for a plain forward pass. */
  readonly site?: string;
  /** The mixing function to apply at `site`. */
  readonly mix?: MixFn;
  /**
   * True when `mix` is the linear interpolation λ_i·h_i + (1 − λ_i)·h_π(i), one λ per example, whatever the
   * tensor's shape (the {@link Mixer.linear} of the mixer in use). It then commutes with any map that is linear
   * and applied to every example alike (a convolution or projection without its bias), so a model may apply
   * `mix` after such a map instead of at `site`: the same values, and AMP's λ-gradient pass stops earlier.
   */
  readonly linear?: boolean;
  /**
   * Partner indices of the current plan ([B], int32), for models that must combine per-example
   * side data at the site (e.g. union of padding masks when mixing word sequences).
   */
  readonly partners?: tf.Tensor1D;
  /**
   * Present in the passes of one AMP step (`mixStep`): a memo for values that do not depend on the mix, to
   * compute them once per step. `memo` caches in the λ-gradient and Min passes (no weight gradients there) and
   * only computes in the taped training pass; `memoWithGradient` caches in all three. See {@link StepCache}.
   * A model may assume that its inputs are the same in every pass that carries the cache (`mixStep` passes the
   * same inputs); a wrapper that changes them between passes (e.g. mixes them itself) must drop the cache.
   */
  readonly stepCache?: StepCache;
  /** Training mode (dropout on). Default false. */
  readonly training?: boolean;
  /** Seed for this call's dropout masks; the same seed gives the same masks. */
  readonly seed?: number;
}

/**
 * A model split at its mix sites. It names the sites it supports and runs
 * `forward(inputs, {site, mix})`, applying `mix` to the batch at `site`. Variants only say which
 * site and how to mix; the AMP engine calls `forward` for each of its passes.
 */
export interface MixableModel<I = tf.Tensor> {
  /** Mix sites in network order, e.g. `['input', 'hidden1']` or `['word', 'sentence']`. */
  readonly sites: readonly string[];
  /** Number of output classes (logit width). */
  readonly numClasses: number;
  /** Trainable weights by local name (e.g. `W1`). Gradients are returned under these names. */
  readonly weights: Readonly<Record<string, tf.Variable>>;
  /** Logits [B, numClasses]. */
  forward(inputs: I, options?: ForwardOptions): tf.Tensor2D;
  /** Number of examples in `inputs`. */
  batchSize(inputs: I): number;
  /** Frees the weights. */
  dispose(): void;
}

/** Returns the site's mixed tensor when `site` is the one asked for, else `h` unchanged. */
export function mixAt(site: string, h: tf.Tensor, options?: ForwardOptions): tf.Tensor {
  return options?.mix && options.site === site ? options.mix(h) : h;
}

/**
 * {@link mixAt} for a value computed by `compute`, which must not depend on the mix (everything before the
 * site): when `site` is the one asked for and the pass offers a `stepCache`, the value is memoised under `key`
 * (`StepCache.memo`), so AMP's λ-gradient and Min passes compute it once; otherwise (the training pass too) it is
 * computed and mixed (or not) as usual.
 */
export function mixAtMemo(site: string, key: string, compute: () => tf.Tensor, options?: ForwardOptions): tf.Tensor {
  if (!(options?.mix && options.site === site)) return compute();
  return options.mix(options.stepCache ? options.stepCache.memo(key, compute) : compute());
}
