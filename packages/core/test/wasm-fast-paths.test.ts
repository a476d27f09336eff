import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, gatherRows, installWasmFastPaths, uninstallWasmFastPaths, wasmFastPathsInstalled } from '../src/index.js';
import { Rng } from '../src/rng.js';

// Independent references: plain float64 loops over row-major arrays.
function matmulRef(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}
function transposeRef(x: number[], r: number, c: number): number[] {
  const t = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = x[i * c + j];
  return t;
}
function uniform(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => 2 * rng.next() - 1);
}
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  expect(worst).toBeLessThan(tol);
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(installWasmFastPaths()).toEqual({ installed: true });
});
afterAll(async () => {
  uninstallWasmFastPaths();
  await tf.setBackend('cpu');
});

describe('wasm fast paths: BatchMatMul gradient with untransposed matMuls', () => {
  // L = Σ w ⊙ (op(A)·op(B)), op(A) [m,k], op(B) [k,n]: ∂L/∂op(A) = W·op(B)ᵀ, ∂L/∂op(B) = op(A)ᵀ·W.
  // shapes chosen so that both ways of forming xᵀ·y and x·yᵀ (transpose x, or transpose y and the result) run
  const cases = [false, true].flatMap((ta) => [false, true].flatMap((tb) => [[5, 7, 3], [2, 9, 1], [1, 4, 9], [9, 1, 9]].map((mkn) => [ta, tb, mkn] as const)));
  it.each(cases)('transposeA=%s transposeB=%s, [m, k, n] = %j: matches the closed form', (ta, tb, [m, k, n]) => {
    const rng = new Rng(11);
    const opA = uniform(rng, m * k);
    const opB = uniform(rng, k * n);
    const w = uniform(rng, m * n);
    const a = ta ? transposeRef(opA, m, k) : opA; // stored [k,m] when transposed
    const b = tb ? transposeRef(opB, k, n) : opB;
    const before = tf.memory().numTensors;
    const [ga, gb] = tf.tidy(() => {
      const at = tf.tensor2d(a, ta ? [k, m] : [m, k]);
      const bt = tf.tensor2d(b, tb ? [n, k] : [k, n]);
      const wt = tf.tensor2d(w, [m, n]);
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(wt, tf.matMul(x, y, ta, tb))));
      return g([at, bt]).map((t) => Array.from(t.dataSync()));
    });
    const dOpA = matmulRef(w, transposeRef(opB, k, n), m, n, k); // [m,k]
    const dOpB = matmulRef(transposeRef(opA, m, k), w, k, m, n); // [k,n]
    close(ga, ta ? transposeRef(dOpA, m, k) : dOpA);
    close(gb, tb ? transposeRef(dOpB, k, n) : dOpB);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batched (rank 3) gradients equal the stock gradient; broadcast batches go to the stock one', () => {
    const grads = () =>
      tf.tidy(() => {
        const a = tf.tensor3d(uniform(new Rng(1), 2 * 4 * 6), [2, 4, 6]);
        const b = tf.tensor3d(uniform(new Rng(2), 2 * 3 * 6), [2, 3, 6]);
        return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, false, true))))([a, b]).map((t) => Array.from(t.dataSync()));
      });
    const fast = grads();
    uninstallWasmFastPaths();
    const stock = grads();
    installWasmFastPaths();
    fast.forEach((g, i) => close(g, stock[i], 1e-6));
    // tfjs 4.22's own gradient cannot broadcast batch dims; the fallback reports exactly that
    const broadcast = () => tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([tf.ones([2, 4, 6]), tf.ones([1, 6, 3])]));
    expect(broadcast).toThrow(/gradient of input 'b' has shape '2,6,3'/);
  });

  it('on another backend the stock gradient runs', async () => {
    await tf.setBackend('cpu');
    try {
      const g = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.matMul(x, tf.eye(3), false, true)))(tf.ones([2, 3])).dataSync()));
      expect(g).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('wasm fast paths: Slice, SplitV and Unpack copy only the slice', () => {
  const shape = [3, 4, 5, 2, 3];
  const values = Array.from({ length: 3 * 4 * 5 * 2 * 3 }, (_, i) => i);
  // value at a multi-index of a row-major array of `shape`
  const at = (s: number[], idx: number[]) => idx.reduce((off, v, d) => off * s[d] + v, 0);
  function sliceRef(s: number[], begin: number[], size: number[]): number[] {
    const out: number[] = [];
    const rec = (d: number, idx: number[]) => {
      if (d === s.length) return void out.push(values[at(s, idx)]);
      for (let i = begin[d]; i < begin[d] + size[d]; i++) rec(d + 1, [...idx, i]);
    };
    rec(0, []);
    return out;
  }

  it.each([
    [[60], [7], [20]],
    [[12, 5], [2, 1], [3, 3]],
    [[12, 5], [4, 0], [2, 5]],
    [[3, 4, 10], [1, 1, 2], [2, 2, 5]],
    [[3, 4, 5, 6], [0, 1, 0, 3], [3, 2, 5, 3]],
    [[3, 4, 5, 2, 3], [1, 0, 2, 1, 0], [2, 4, 3, 1, 2]],
    [[3, 4, 10], [0, 0, 0], [3, 0, 10]],
  ])('Slice of %j at %j size %j (float32 and int32)', (s, begin, size) => {
    const before = tf.memory().numTensors;
    for (const dtype of ['float32', 'int32'] as const) {
      const got = tf.tidy(() => Array.from(tf.slice(tf.tensor(values.slice(0, s.reduce((p, q) => p * q, 1)), s, dtype), begin, size).dataSync()));
      expect(got).toEqual(sliceRef(s, begin, size));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bool slices', () => {
    const got = tf.tidy(() => Array.from(tf.slice(tf.tensor2d([true, false, true, true, false, false], [2, 3], 'bool'), [0, 1], [2, 2]).dataSync()));
    expect(got).toEqual([0, 1, 0, 0]);
  });

  it('split and unstack along every axis', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.tensor(values, shape);
      for (let axis = 0; axis < shape.length; axis++) {
        const parts = tf.unstack(x, axis);
        expect(parts).toHaveLength(shape[axis]);
        parts.forEach((p, i) => {
          const begin = shape.map((_, d) => (d === axis ? i : 0));
          const size = shape.map((n, d) => (d === axis ? 1 : n));
          expect(p.shape).toEqual(shape.filter((_, d) => d !== axis));
          expect(Array.from(p.dataSync())).toEqual(sliceRef(shape, begin, size));
        });
        const sizes = shape[axis] === 2 ? [1, -1] : [1, shape[axis] - 2, 1];
        let off = 0;
        for (const p of tf.split(x, sizes, axis)) {
          const n = p.shape[axis];
          const begin = shape.map((_, d) => (d === axis ? off : 0));
          expect(Array.from(p.dataSync())).toEqual(sliceRef(shape, begin, p.shape));
          off += n;
        }
      }
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients through slice/split/unstack are unchanged', () => {
    const g = tf.tidy(() => {
      const x = tf.tensor2d(values.slice(0, 12), [3, 4]);
      return Array.from(
        tf.grad((t: tf.Tensor) => tf.addN([tf.sum(tf.slice(t, [1, 1], [2, 2])), tf.sum(tf.mul(2, tf.split(t, [1, 3], 1)[1])), tf.sum(tf.unstack(t, 0)[2])]))(x).dataSync(),
      );
    });
    expect(g).toEqual([0, 2, 2, 2, 0, 3, 3, 2, 1, 4, 4, 3]);
  });

  it('uninstalling restores the stock kernels', () => {
    const mine = tf.getKernel('Slice', 'wasm');
    uninstallWasmFastPaths();
    expect(wasmFastPathsInstalled()).toBe(false);
    expect(tf.getKernel('Slice', 'wasm')).not.toBe(mine);
    expect(installWasmFastPaths()).toEqual({ installed: true });
    expect(installWasmFastPaths()).toEqual({ installed: true }); // idempotent
    expect(tf.getKernel('Slice', 'wasm')?.kernelFunc).not.toBe(mine?.kernelFunc);
  });
});

describe('wasm fast paths: gatherRows through GatherNd', () => {
  it('gathers rows and sums the gradient of repeated rows', () => {
    const before = tf.memory().numTensors;
    const [value, grad] = tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
      const idx = tf.tensor1d([3, 0, 3, 1], 'int32');
      const w = tf.tensor2d([1, 1, 2, 2, 3, 3, 4, 4], [4, 2]);
      const v = Array.from(gatherRows(x, idx).dataSync());
      const g = Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(w, gatherRows(t, idx))))(x).dataSync());
      return [v, g];
    });
    expect(value).toEqual([7, 8, 1, 2, 7, 8, 3, 4]);
    expect(grad).toEqual([2, 2, 4, 4, 0, 0, 4, 4]); // row 3 gets 1 + 3
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('chooseBackend and the fast paths', () => {
  const noNative = (s: string) => (s.startsWith('@tensorflow/tfjs-node') ? Promise.reject(new Error('not installed')) : import(s));
  it('installs them with wasm and says so; fastPaths: false removes them', async () => {
    const lines: string[] = [];
    let chosen = await chooseBackend({ backend: 'wasm', log: (l) => lines.push(l), importer: noNative });
    expect(chosen.fastPaths).toBe(true);
    expect(lines[0]).toBe('[ampmix] backend: wasm (requested; simd; fast paths on)');
    chosen = await chooseBackend({ backend: 'wasm', fastPaths: false, log: (l) => lines.push(l), importer: noNative });
    expect(chosen.fastPaths).toBe(false);
    expect(wasmFastPathsInstalled()).toBe(false);
    expect(lines[1]).toBe('[ampmix] backend: wasm (requested; simd; fast paths off: fastPaths: false)');
    installWasmFastPaths();
  });
});
