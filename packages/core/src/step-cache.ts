import * as tf from '@tensorflow/tfjs';

/**
 * A memo shared by the passes of one training step that need no weight gradients (AMP's λ-gradient and Min
 * passes). A model may store there what depends only on its inputs, weights and the step's dropout seed — not
 * on the mix — and get it back in the next such pass instead of recomputing it (e.g. the Kim CNN's
 * convolution outputs when it mixes after them). The tensors are kept until the step disposes the cache.
 */
export interface StepCache {
  /** The tensor stored under `key`, or `compute()`'s result, kept and stored. Keys are the model's own. */
  memo<T extends tf.Tensor>(key: string, compute: () => T): T;
}

/** A {@link StepCache} with the `dispose` its owner (mixStep) calls when the step ends. */
export interface OwnedStepCache extends StepCache {
  /** Number of entries held. */
  readonly size: number;
  /** Frees every stored tensor. */
  dispose(): void;
}

/** A fresh, empty step cache. */
export function createStepCache(): OwnedStepCache {
  const entries = new Map<string, tf.Tensor>();
  return {
    memo<T extends tf.Tensor>(key: string, compute: () => T): T {
      const hit = entries.get(key);
      if (hit && !hit.isDisposed) return hit as T;
      const value = tf.keep(compute());
      entries.set(key, value);
      return value;
    },
    get size() {
      return entries.size;
    },
    dispose() {
      for (const t of entries.values()) if (!t.isDisposed) t.dispose();
      entries.clear();
    },
  };
}
