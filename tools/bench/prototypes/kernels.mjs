#!/usr/bin/env node
// Micro-benchmarks of the kernels that dominate the Kim CNN step on a backend (default wasm), at the bench
// shapes: node tools/bench/prototypes/kernels.mjs [--backend wasm]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { gatherRows, installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { activateBackend } from '../src/backends.mjs';
import { line, measure } from './measure.mjs';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, reps: { type: 'string', default: '7' } } });
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
const reps = Number(values.reps);
const r = (shape) => tf.randomNormal(shape);
const run = async (label, fn) => console.log(line(label, await measure(() => tf.tidy(fn), { reps })));

console.log(`backend ${tf.getBackend()}; B·T = 2200 rows (50 × 44), h·D = 1500, F = 100`);
const a = r([2200, 1500]);
const w = r([1500, 100]);
const dy = r([2200, 100]);
await run('matMul NN   [2200,1500]·[1500,100]      (conv forward)', () => tf.matMul(a, w));
await run('matMul NT   [2200,100]·[1500,100]ᵀ      (∂x, as tfjs grad)', () => tf.matMul(dy, w, false, true));
await run('  same, explicit transpose then NN', () => tf.matMul(dy, tf.transpose(w)));
await run('matMul TN   [2200,1500]ᵀ·[2200,100]     (∂W, as tfjs grad)', () => tf.matMul(a, dy, true, false));
await run('  same, explicit transpose then NN', () => tf.matMul(tf.transpose(a), dy));
await run('  same, as (dyᵀ·a)ᵀ: transpose the small one', () => tf.transpose(tf.matMul(tf.transpose(dy), a)));
await run('transpose [2200,1500]', () => tf.transpose(a));

const table = r([18000, 300]);
const ids = tf.randomUniform([2000], 0, 18000, 'int32');
const rows = r([2000, 300]);
await run('gather    [18000,300] × 2000 ids             (lookup)', () => tf.gather(table, ids));
await run('scatterND 2000 rows → [18000,300]            (lookup grad)', () => tf.scatterND(tf.expandDims(ids, 1), rows, [18000, 300]));
await run('sum(square) [18000,300]                      (grad norm)', () => tf.sum(tf.square(table)));
await run('add [18000,300] + [18000,300]', () => tf.add(table, table));
await run('mul [18000,300] · scalar', () => tf.mul(table, 0.9));
const h3 = r([50, 40, 300]);
const perm = tf.tensor1d(Array.from({ length: 50 }, (_, i) => (i * 7) % 50), 'int32');
await run('gather    [50,40,300] × 50 partners          (mix)', () => tf.gather(h3, perm));
await run('  same on a [50,12000] view', () => tf.gather(tf.reshape(h3, [50, 12000]), perm));

const x = r([50, 48, 300]);
await run('5 × slice [50,48,300] → [50,44,300] (axis 1)  (unfold)', () => [0, 1, 2, 3, 4].map((k) => tf.slice(x, [0, k, 0], [50, 44, 300])));
await run('concat 5 × [50,44,300] on axis 2              (unfold)', () => tf.concat([0, 1, 2, 3, 4].map(() => x.slice([0, 0, 0], [50, 44, 300])), 2));
const u = r([50, 44, 1500]);
await run('split [50,44,1500] into 5 on axis 2           (unfold grad)', () => tf.split(u, 5, 2));
const c = r([50, 44, 100]);
const m = tf.max(c, 1, true);
await run('equal [50,44,100] vs [50,1,100] (broadcast)   (max grad)', () => tf.equal(c, m));
await run('  same after tile to [50,44,100]', () => tf.equal(c, tf.tile(m, [1, 44, 1])));
await run('max over axis 1 [50,44,100]', () => tf.max(c, 1));

console.log('\nalternatives');
const ids2 = tf.expandDims(ids, 1);
const seg = tf.range(0, 2000, 1, 'int32');
await run('gatherND  [18000,300] × 2000 ids', () => tf.gatherND(table, ids2));
await run('sparseSegmentSum(table, ids, 0..1999) (= gather)', () => tf.sparse.sparseSegmentSum(table, ids, seg));
await run('gatherND  [50,40,300] × 50 partners', () => tf.gatherND(h3, tf.expandDims(perm, 1)));
const permOneHot = tf.oneHot(perm, 50).toFloat();
await run('partners as one-hot matMul [50,50]·[50,12000]', () => tf.matMul(permOneHot, tf.reshape(h3, [50, 12000])));
const c4 = tf.reshape(c, [50, 44, 1, 100]);
await run('maxPool over time [50,44,1,100] (forward)', () => tf.maxPool(c4, [44, 1], 1, 'valid'));
await run('maxPool over time, forward + grad', () => tf.grad((t) => tf.sum(tf.maxPool(t, [44, 1], 1, 'valid')))(c4));
await run('tf.max over time, forward + grad', () => tf.grad((t) => tf.sum(tf.max(t, 1)))(c));
const xs = r([50, 48, 1, 300]);
const f5 = r([5, 1, 300, 100]);
await run('conv2d [50,48,1,300] * [5,1,300,100] (conv1d forward)', () => tf.conv2d(xs, f5, 1, 'valid'));
const dyc = r([50, 44, 1, 100]);
await run('conv2dBackpropInput (∂x of that conv)', () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dyc, filter: f5 }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: [50, 48, 1, 300] }));

if (tf.getBackend() === 'wasm') {
  console.log("\nstock wasm kernels (transposed matMuls in the matMul gradient; slices copy their whole input first; gatherRows runs GatherV2) against core's fast paths");
  const p3 = r([50, 40, 800]);
  const ops = {
    'unstack [50,40,800] over time (LSTM steps)': () => tf.unstack(p3, 1),
    '5 × slice [50,48,300] → [50,44,300]': () => [0, 1, 2, 3, 4].map((k) => tf.slice(x, [0, k, 0], [50, 44, 300])),
    'split [50,44,1500] into 5 on axis 2': () => tf.split(u, 5, 2),
    'slice one step [50,1,800] of [50,40,800]': () => tf.slice(p3, [0, 7, 0], [50, 1, 800]),
    'matMul gradient [2200,1500]·[1500,100] (∂a, ∂b)': () => tf.grads((p, q) => tf.sum(tf.mul(tf.matMul(p, q), dy)))([a, w]),
    'gatherRows [18000,300] × 2000 ids (lookup)': () => gatherRows(table, ids),
    'gatherRows [50,12000] × 50 partners (mix)': () => gatherRows(tf.reshape(h3, [50, 12000]), perm),
  };
  uninstallWasmFastPaths();
  for (const [k, f] of Object.entries(ops)) await run(`stock: ${k}`, f);
  installWasmFastPaths();
  for (const [k, f] of Object.entries(ops)) await run(`fast:  ${k}`, f);
}
