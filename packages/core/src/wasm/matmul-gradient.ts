import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes (an explicit copy). */
function swapLast2(x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return tf.transpose(x);
  const perm = [...Array(x.rank).keys()];
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm);
}

const mm = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b);
const T = swapLast2;

/**
 * The gradient of c = op(a)·op(b) using only untransposed matMuls: transposed operands are copied by an
 * explicit transpose first. Same values as tfjs's own BatchMatMul gradient (which calls matMul with
 * transposeA/transposeB). Broadcast batch dimensions are not handled here: callers fall back to tfjs's.
 */
export function untransposedMatMulGrad(
  dy: tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { a: () => tf.Tensor; b: () => tf.Tensor } {
  if (!transposeA && !transposeB) return { a: () => mm(dy, T(b)), b: () => mm(T(a), dy) };
  if (!transposeA && transposeB) return { a: () => mm(dy, b), b: () => mm(T(dy), a) };
  if (transposeA && !transposeB) return { a: () => mm(b, T(dy)), b: () => mm(a, dy) };
  return { a: () => mm(T(b), T(dy)), b: () => mm(T(dy), T(a)) };
}

type GradConfig = NonNullable<ReturnType<typeof tf.getGradient>>;

let original: GradConfig | null = null;

/**
 * Registers a BatchMatMul gradient that, on the backends named in `backends`, computes the gradient with
 * untransposed matMuls only ({@link untransposedMatMulGrad}) and elsewhere defers to tfjs's own. On
 * tfjs-backend-wasm 4.22 only the untransposed BatchMatMul reaches XNNPACK; a transposed operand takes a
 * naive loop ~13× slower at the Kim CNN's shapes, and tfjs's gradient transposes on every backward.
 * Gradients are global in tfjs, hence the per-call backend check. Returns an uninstaller.
 */
export function installMatMulGradient(backends: readonly string[] = ['wasm']): () => void {
  const current = tf.getGradient('BatchMatMul');
  if (!current) throw new Error('tfjs has no BatchMatMul gradient registered');
  if (!original) original = current;
  const fallback = original;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const sameBatch = a.rank === b.rank && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
      if (!backends.includes(tf.getBackend()) || !sameBatch || Array.isArray(dy)) return fallback.gradFunc(dy, saved, attrs);
      return untransposedMatMulGrad(dy, a, b, transposeA, transposeB);
    },
  });
  return () => {
    tf.registerGradient(fallback);
  };
}
