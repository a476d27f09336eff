import * as tf from '@tensorflow/tfjs';

/**
 * Lets a function run under `tf.grad` / `tf.variableGrads` throw without leaking: tfjs keeps the tensors such a
 * function saves for the backward pass until that pass runs, so a throw inside leaves them behind for good
 * (+18 per AMP step with a wrong logits shape). The guard records the error, returns a zero stand-in so the
 * gradient call completes (its backward pass frees them), and {@link TapeGuard.rethrow} throws it afterwards.
 */
export interface TapeGuard {
  /** `f`, except that a throw is recorded and `standIn(...args)` returned in its place. */
  wrap<A extends unknown[], R>(f: (...args: A) => R, standIn: (...args: A) => R): (...args: A) => R;
  /** When `f` threw: disposes `tensors` (the gradient call's results) and throws the recorded error. */
  rethrow(...tensors: tf.TensorContainer[]): void;
}

/** A fresh {@link TapeGuard}. */
export function createTapeGuard(): TapeGuard {
  let failure: { error: unknown } | null = null;
  return {
    wrap: (f, standIn) => (...args) => {
      try {
        return f(...args);
      } catch (error) {
        failure ??= { error };
        return standIn(...args);
      }
    },
    rethrow(...tensors) {
      if (!failure) return;
      tf.dispose(tensors);
      throw failure.error;
    },
  };
}

/** A scalar 0 that depends on every tensor of `vars` (a stand-in loss for the taped training pass). */
export function zeroLossOf(vars: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.addN(vars.map((v) => tf.sum(v))), 0) as tf.Scalar);
}
