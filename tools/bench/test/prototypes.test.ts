// The un-adopted prototypes must be drop-ins: same values and gradients as the library code they would replace.
// (The adopted ones, core's wasm fast paths, are tested in packages/core/test/wasm-fast-paths.test.ts.)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { unfoldConv1d } from '@ampmix/text';
import { shiftConv1dAll, tapConv1d } from '../prototypes/conv.mjs';
import { LazyAdam } from '../prototypes/lazy-adam.mjs';

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

let before: number;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  before = tf.memory().numTensors;
});
afterAll(async () => {
  uninstallWasmFastPaths();
  expect(tf.memory().numTensors).toBe(before);
  await tf.setBackend('cpu');
});

describe.each([
  ['stock wasm kernels', false],
  ['core’s wasm fast paths', true],
])('convolution alternatives, %s', (_, fast) => {
  beforeAll(() => {
    if (fast) expect(installWasmFastPaths().installed).toBe(true);
    else uninstallWasmFastPaths();
  });

  it('tapConv1d and shiftConv1dAll equal the library’s unfoldConv1d (values and gradients)', () => {
    const x = tf.randomNormal([3, 9, 4], 0, 1, 'float32', 8);
    const filters = [2, 3].map((h, i) => tf.randomNormal([h, 4, 5], 0, 1, 'float32', 9 + i)) as tf.Tensor3D[];
    const dy = filters.map((f, i) => tf.randomNormal([3, 9 - f.shape[0] + 1, 5], 0, 1, 'float32', 20 + i));
    type Convs = (x: tf.Tensor3D, fs: tf.Tensor3D[]) => tf.Tensor[];
    const loss = (convs: Convs) => (xi: tf.Tensor, ...fs: tf.Tensor[]) =>
      tf.addN(convs(xi as tf.Tensor3D, fs as tf.Tensor3D[]).map((y, i) => tf.sum(tf.mul(y, dy[i]))));
    const each = (conv: (x: tf.Tensor3D, f: tf.Tensor3D) => tf.Tensor): Convs => (xi, fs) => fs.map((f) => conv(xi, f));
    const variants: Convs[] = [each(tapConv1d), each((xi, f) => shiftConv1dAll(xi, [f])[0]), (xi, fs) => shiftConv1dAll(xi, fs)];
    const ref = tf.grads(loss(each(unfoldConv1d)))([x, ...filters]);
    const refY = filters.map((f) => unfoldConv1d(x, f));
    for (const convs of variants) {
      const ys = convs(x, filters);
      ys.forEach((y, i) => {
        expect(y.shape).toEqual(refY[i].shape);
        expect(maxAbs(y, refY[i])).toBeLessThan(1e-5);
      });
      const got = tf.grads(loss(convs))([x, ...filters]);
      got.forEach((g, k) => expect(maxAbs(g, ref[k])).toBeLessThan(1e-4));
      tf.dispose([...ys, ...got]);
    }
    tf.dispose([x, ...filters, ...dy, ...ref, ...refY]);
  });
});

describe('LazyAdam', () => {
  it('updates the rows seen exactly as dense Adam does and leaves the other rows alone', () => {
    const init = tf.randomNormal([6, 3], 0, 1, 'float32', 13);
    const [dense, lazy] = tf.tidy(() => [tf.variable(init.clone()), tf.variable(init.clone())]);
    const ids = Int32Array.from([1, 4, 1]);
    const optD = new LazyAdam({ e: dense }, { learningRate: 0.1 });
    const optL = new LazyAdam({ e: lazy }, { learningRate: 0.1, sparse: ['e'] });
    for (let s = 0; s < 3; s++) {
      // a gradient that is non-zero only on the rows of `ids` (as an embedding lookup's)
      const g = tf.tidy(() => tf.scatterND(tf.tensor2d([[1], [4], [1]], undefined, 'int32'), tf.randomNormal([3, 3], 0, 1, 'float32', 30 + s), [6, 3]));
      optD.apply({ e: g });
      optL.apply({ e: g }, { e: ids });
      g.dispose();
    }
    const [d, l, i0] = [dense.arraySync() as number[][], lazy.arraySync() as number[][], init.arraySync() as number[][]];
    for (const r of [1, 4]) l[r].forEach((v, c) => expect(v).toBeCloseTo(d[r][c], 6));
    for (const r of [0, 2, 3, 5]) expect(l[r]).toEqual(i0[r]);
    optD.dispose();
    optL.dispose();
    tf.dispose([init, dense, lazy]);
  });
});
