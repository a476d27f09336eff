import * as tf from '@tensorflow/tfjs';
import type { CustomGradientFunc } from './gather.js';

/**
 * A memo shared by the passes of one AMP training step (`mixStep`). A model may store there what depends only
 * on its inputs, weights and the step's dropout seed — not on the mix — and get it back in a later pass
 * instead of recomputing it (e.g. the Kim CNN's convolution outputs when it mixes after them).
 *
 * Two kinds of entries:
 * - {@link StepCache.memo}: a value without a gradient. Cached in the passes that need no weight gradients
 *   (AMP's λ-gradient and Min passes); in the taped training pass `memo` just computes (no caching), so the
 *   tape sees every op.
 * - {@link StepCache.memoWithGradient}: a value whose gradient the model supplies. Cached in all three passes:
 *   in the training pass it is a custom-gradient op (`tf.customGrad`) whose forward value is the cached tensor
 *   and whose backward runs the model's gradient, so the forward is computed once per step.
 *
 * The tensors are kept until the step disposes the cache.
 */
export interface StepCache {
  /** The tensor stored under `key`, or `compute()`'s result, kept and stored. Keys are the model's own. */
  memo<T extends tf.Tensor>(key: string, compute: () => T): T;
  /**
   * `forward(inputs())`, computed once per step under `key` and differentiable in the training pass:
   * there the result's gradient with respect to `inputs()` is `gradient(dy, inputs)` (one tensor per input, in
   * order), which must be the gradient of `forward` (the caller's contract; the tape does not check it).
   * `inputs` is called only when needed (on a miss, and in the training pass, where the inputs' own gradients
   * flow back through the tape). Pass as `inputs` only what needs a gradient, and as `constants` what `forward`
   * or `gradient` also reads without differentiating it (it is saved for the backward pass with the inputs).
   */
  memoWithGradient<T extends tf.Tensor>(
    key: string,
    inputs: () => tf.Tensor[],
    forward: (inputs: tf.Tensor[], constants: tf.Tensor[]) => T,
    gradient: (dy: T, inputs: tf.Tensor[], constants: tf.Tensor[]) => tf.Tensor[],
    constants?: () => tf.Tensor[],
  ): T;
  /** True in the taped training pass (after {@link OwnedStepCache.enterTrainingPass}). */
  readonly taped: boolean;
}

/** A {@link StepCache} with the lifecycle calls its owner (mixStep) makes. */
export interface OwnedStepCache extends StepCache {
  /** Number of entries held. */
  readonly size: number;
  /**
   * Frees the {@link StepCache.memo} entries and switches to the training pass: `memo` computes from now on, and
   * {@link StepCache.memoWithGradient} entries become custom-gradient ops.
   */
  enterTrainingPass(): void;
  /** Frees every stored tensor. */
  dispose(): void;
}

/** A fresh, empty step cache. */
export function createStepCache(): OwnedStepCache {
  const plain = new Map<string, tf.Tensor>();
  const withGrad = new Map<string, tf.Tensor>();
  let taped = false;
  const lookup = <T extends tf.Tensor>(entries: Map<string, tf.Tensor>, key: string, compute: () => T): T => {
    const hit = entries.get(key);
    if (hit && !hit.isDisposed) return hit as T;
    const value = tf.keep(compute());
    entries.set(key, value);
    return value;
  };
  const free = (entries: Map<string, tf.Tensor>) => {
    for (const t of entries.values()) if (!t.isDisposed) t.dispose();
    entries.clear();
  };
  return {
    memo<T extends tf.Tensor>(key: string, compute: () => T): T {
      return taped ? compute() : lookup(plain, key, compute);
    },
    memoWithGradient<T extends tf.Tensor>(
      key: string,
      inputs: () => tf.Tensor[],
      forward: (inputs: tf.Tensor[], constants: tf.Tensor[]) => T,
      gradient: (dy: T, inputs: tf.Tensor[], constants: tf.Tensor[]) => tf.Tensor[],
      constants?: () => tf.Tensor[],
    ): T {
      if (!taped) return lookup(withGrad, key, () => forward(inputs(), constants ? constants() : []));
      const xs = inputs();
      const cs = constants ? constants() : [];
      const op = tf.customGrad(((...args: unknown[]) => {
        const save = args.pop() as tf.GradSaveFunc;
        const ins = args as tf.Tensor[];
        save([...ins, ...cs]);
        // a miss is computed here, inside the op, so the tape records no second forward
        const value = lookup(withGrad, key, () => forward(ins, cs));
        return {
          value: tf.clone(value),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gradient(dy as T, saved.slice(0, ins.length), saved.slice(ins.length)),
        };
      }) as unknown as CustomGradientFunc);
      return op(...xs) as T;
    },
    get taped() {
      return taped;
    },
    get size() {
      return plain.size + withGrad.size;
    },
    enterTrainingPass() {
      free(plain);
      taped = true;
    },
    dispose() {
      free(plain);
      free(withGrad);
    },
  };
}

/** Options of {@link sharedMatMul}. */
export interface SharedMatMulOptions {
  /** Whether `a` needs a gradient (default true); false treats it as a constant (e.g. raw inputs, frozen embeddings). */
  aGradient?: boolean;
}

/**
 * a·b ([M, K]·[K, N], no transposes) through the step cache: computed once per AMP step under `key`, also for the
 * training pass, where its gradient is tfjs's registered BatchMatMul gradient (core's wasm fast path when
 * installed) — the same values as `tf.matMul(a(), b())` on the tape. Without a cache, `tf.matMul(a(), b())`.
 * `a` and `b` are thunks: a pass that finds the product cached needs neither, except the training pass.
 */
export function sharedMatMul(
  cache: StepCache | undefined,
  key: string,
  a: () => tf.Tensor2D,
  b: () => tf.Tensor2D,
  options: SharedMatMulOptions = {},
): tf.Tensor2D {
  if (!cache) return tf.matMul(a(), b());
  const attrs = { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap;
  const grad = (dy: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => {
    const config = tf.getGradient('BatchMatMul');
    if (!config) throw new Error('tfjs has no BatchMatMul gradient registered');
    return config.gradFunc(dy, [x, y], attrs) as Record<'a' | 'b', () => tf.Tensor>;
  };
  if (options.aGradient === false) {
    return cache.memoWithGradient(
      key,
      () => [b()],
      ([y], [x]) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
      (dy, [y], [x]) => [grad(dy, x, y).b()],
      () => [a()],
    );
  }
  return cache.memoWithGradient(
    key,
    () => [a(), b()],
    ([x, y]) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
    (dy, [x, y]) => {
      const g = grad(dy, x, y);
      return [g.a(), g.b()];
    },
  );
}
