import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmFastPaths, Rng, uninstallWasmFastPaths } from '@ampmix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lstmDirection, lstmLockstep } from '../src/models/lstm.js';

// The lockstep recurrence against two separate direction loops: states and every gradient.
function both(lockstep: boolean, pf: tf.Tensor3D, pb: tf.Tensor3D, mask: tf.Tensor2D, whF: tf.Variable, whB: tf.Variable, w: tf.Tensor3D) {
  const [b, l] = mask.shape;
  const f = (xf: tf.Tensor3D, xb: tf.Tensor3D) => {
    let hf: tf.Tensor3D;
    let hb: tf.Tensor3D;
    if (lockstep) [hf, hb] = lstmLockstep(xf, xb, mask, whF as tf.Tensor as tf.Tensor2D, whB as tf.Tensor as tf.Tensor2D);
    else {
      const masks = tf.unstack(tf.reshape(mask, [b, l, 1]), 1) as tf.Tensor2D[];
      hf = tf.stack(lstmDirection(tf.unstack(xf, 1) as tf.Tensor2D[], masks, whF as tf.Tensor as tf.Tensor2D, false), 1) as tf.Tensor3D;
      hb = tf.stack(lstmDirection(tf.unstack(xb, 1) as tf.Tensor2D[], masks, whB as tf.Tensor as tf.Tensor2D, true), 1) as tf.Tensor3D;
    }
    return tf.concat([hf, hb], 2);
  };
  return tf.tidy(() => {
    const out = f(pf, pb);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(pf, pb), w)) as tf.Scalar, [whF, whB]);
    const [dpf, dpb] = tf.grads((xf: tf.Tensor, xb: tf.Tensor) => tf.sum(tf.mul(f(xf as tf.Tensor3D, xb as tf.Tensor3D), w)))([pf, pb]);
    return [out, value, grads[whF.name], grads[whB.name], dpf, dpb].map((t) => Array.from(t.dataSync()));
  });
}

describe.each(['cpu', 'wasm'])('lstmLockstep on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') installWasmFastPaths();
  });
  afterAll(async () => {
    uninstallWasmFastPaths();
    await tf.setBackend('cpu');
  });

  it('gives the two direction loops’ states and gradients (padding carried over), without leaks', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(9);
    const [b, l, h] = [4, 6, 3];
    const u = (n: number, s = 1) => Float32Array.from({ length: n }, () => s * (2 * rng.next() - 1));
    const pf = tf.tensor3d(u(b * l * 4 * h), [b, l, 4 * h]);
    const pb = tf.tensor3d(u(b * l * 4 * h), [b, l, 4 * h]);
    const mask = tf.tensor2d([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0]]);
    const whF = tf.tidy(() => tf.variable(tf.tensor2d(u(h * 4 * h, 0.6), [h, 4 * h])));
    const whB = tf.tidy(() => tf.variable(tf.tensor2d(u(h * 4 * h, 0.6), [h, 4 * h])));
    const w = tf.tensor3d(u(b * l * 2 * h), [b, l, 2 * h]);
    const fused = both(true, pf, pb, mask, whF, whB, w);
    const loops = both(false, pf, pb, mask, whF, whB, w);
    for (const [k, name] of ['states', 'loss', '∂Wh fw', '∂Wh bw', '∂pf', '∂pb'].entries()) {
      expect(fused[k].length, name).toBe(loops[k].length);
      const worst = Math.max(...fused[k].map((x, i) => Math.abs(x - loops[k][i])));
      expect(worst, name).toBeLessThanOrEqual(1e-6);
    }
    expect(loops[4].some((g) => Math.abs(g) > 1e-3)).toBe(true);
    tf.dispose([pf, pb, mask, whF, whB, w]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
