// Prototype: a BatchMatMul gradient that only ever calls the non-transposed matMul.
//
// tfjs's gradient of c = a·b is ∂a = matMul(dy, b, false, true) and ∂b = matMul(a, dy, true, false). On the
// wasm backend only the non-transposed case runs through XNNPACK: a transposed operand takes a naive loop
// that is ~13× slower at the Kim CNN's shapes (prototypes/kernels.mjs: [2200,100]·[1500,100]ᵀ 299 ms vs
// transpose + NN 23 ms). This gradient transposes explicitly (one copy) and multiplies untransposed.
// The same values; a drop-in for every model, installed once when the wasm backend is chosen.
import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes (an explicit copy). */
export function swapLast2(x) {
  const r = x.rank;
  if (r === 2) return tf.transpose(x);
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

const T = swapLast2;
const mm = (x, y) => tf.matMul(x, y);

/** The gradient config: same inputs saved, same math, no transposed matMul. */
export const fastBatchMatMulGradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs;
    if (!transposeA && !transposeB) return { a: () => mm(dy, T(b)), b: () => mm(T(a), dy) };
    if (!transposeA && transposeB) return { a: () => mm(dy, b), b: () => mm(T(dy), a) };
    if (transposeA && !transposeB) return { a: () => mm(b, T(dy)), b: () => mm(a, dy) };
    return { a: () => mm(T(b), T(dy)), b: () => mm(T(dy), T(a)) };
  },
};

let saved = null;

/** Installs {@link fastBatchMatMulGradConfig} (global: gradients are not per backend). Returns an uninstaller. */
export function installFastMatMulGrad() {
  if (!saved) saved = tf.getGradient('BatchMatMul');
  tf.registerGradient(fastBatchMatMulGradConfig);
  return () => {
    if (saved) tf.registerGradient(saved);
  };
}
