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
  /**
   * Rows of the weights named in `mixStep`'s `sparseGradients`, by weight name: [N, D], the rows at the ids
   * {@link MixableModel.rowLookups} gave for these inputs, in that order. When a weight's rows are here, the
   * model must read them instead of gathering from the weight (they carry the step's row-sparse gradient).
   * Each read gathers them anew, inside the caller's scope: read once per pass where possible.
   */
  readonly rows?: Readonly<Record<string, tf.Tensor2D>>;
  /** Training mode (dropout on). Default false. */
  readonly training?: boolean;
  /** Seed for this call's dropout masks; the same seed gives the same masks. */
  readonly seed?: number;
}

/**
 * The flat int32 row ids [N] a model reads from one weight for `inputs` (see {@link MixableModel.rowLookups}).
 * Declared as a method so that `MixableModel<I>` stays assignable to `MixableModel<unknown>`, as `forward` is.
 */
export type RowLookup<I> = { lookup(inputs: I): tf.Tensor1D }['lookup'];

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
  /**
   * Optional, for weights the model reads only by row lookup (an embedding table [rows, D]): by weight name, the
   * flat int32 row ids [N] that `forward` gathers from it for `inputs` (a new tensor; the caller frees it). With
   * `mixStep({ sparseGradients: [name] })` the step gathers those rows itself, passes them in
   * {@link ForwardOptions.rows}, and returns the weight's gradient row-sparse (`RowSparseGradient`), never the
   * dense [rows, D] one.
   */
  readonly rowLookups?: Readonly<Record<string, RowLookup<I>>>;
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
