#!/usr/bin/env node
// The embedding table's share of a step — lookup, its gradient, the gradient norm, the Adam update: core's
// gatherRows with the stock wasm kernels (GatherV2) and with the fast paths (GatherNd), the dense
// tf.train.adam against the lazy Adam prototype (rows seen only). Bench shapes: table 18,000 × 300, 50 × 40 ids.
//   node tools/bench/prototypes/embedding-update.mjs [--backend wasm|cpu]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { Rng, gatherRows, installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { activateBackend } from '../src/backends.mjs';
import { randomTokenIds } from '../src/cases.mjs';
import { LazyAdam } from './lazy-adam.mjs';
import { line, measure } from './measure.mjs';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, reps: { type: 'string', default: '5' } } });
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
const [V, D, B, L] = [18000, 300, 50, 40];
const rng = new Rng(5);
const idArray = randomTokenIds(rng, B, L, V);
const ids = tf.tensor1d(idArray, 'int32');
const up = tf.randomNormal([B * L, D]);
const reps = Number(values.reps);
const out = {};
const run = async (key, label, fn) => {
  const r = await measure(fn, { reps });
  out[key] = r;
  console.log(line(label, r));
  return r;
};
console.log(`backend ${tf.getBackend()}: table ${V}×${D}, ${B}×${L} ids (${new Set(idArray).size} distinct)`);

const table = tf.variable(tf.randomUniform([V, D], -0.25, 0.25), true, 'proto_emb_dense');
const lossOf = () => tf.sum(tf.mul(gatherRows(table, ids), up));
uninstallWasmFastPaths();
await run('lookupStock', 'lookup, gatherRows forward, stock kernels (GatherV2)', () => tf.tidy(() => gatherRows(table, ids)));
await run('gradStock', 'lookup + dense gradient (scatterND), stock kernels', () => tf.tidy(() => Object.values(tf.variableGrads(lossOf, [table]).grads)));
if (tf.getBackend() === 'wasm') installWasmFastPaths();
await run('lookupFast', 'lookup, gatherRows forward, fast paths (GatherNd on wasm)', () => tf.tidy(() => gatherRows(table, ids)));
await run('gradFast', 'lookup + dense gradient (scatterND), fast paths', () => tf.tidy(() => Object.values(tf.variableGrads(lossOf, [table]).grads)));
const g = tf.tidy(() => tf.variableGrads(lossOf, [table]).grads[table.name]);
await run('norm', 'gradient norm sum(square(g)) (mixStep stats)', () => tf.tidy(() => tf.sum(tf.square(g))));

const dense = tf.train.adam(2e-4);
await run('adamDense', 'tf.train.adam update of the table (dense)', () => {
  dense.applyGradients({ [table.name]: g });
});
const lazy = new LazyAdam({ embedding: table }, { sparse: ['embedding'] });
await run('adamLazy', 'LazyAdam update of the rows seen (prototype)', () => {
  lazy.apply({ embedding: g }, { embedding: idArray });
});
const lazyAll = new LazyAdam({ embedding: table });
await run('adamOwnDense', 'same Adam code, dense (as the trainer\'s Adam)', () => {
  lazyAll.apply({ embedding: g });
});
const before = out.lookupStock.cpuMs + out.gradStock.cpuMs + out.norm.cpuMs + out.adamDense.cpuMs;
const after = out.lookupFast.cpuMs + out.gradFast.cpuMs + out.norm.cpuMs + out.adamLazy.cpuMs;
console.log(`per AMP step (3 lookups, 1 gradient, 1 norm, 1 update), cpu ms: stock + dense Adam ${(3 * out.lookupStock.cpuMs + out.gradStock.cpuMs + out.norm.cpuMs + out.adamDense.cpuMs).toFixed(1)}, fast paths + lazy Adam ${(3 * out.lookupFast.cpuMs + out.gradFast.cpuMs + out.norm.cpuMs + out.adamLazy.cpuMs).toFixed(1)}`);
console.log(`per Mixup step (1 lookup + gradient + norm + update), cpu ms: stock + dense Adam ${before.toFixed(1)}, fast paths + lazy Adam ${after.toFixed(1)} (${(before / after).toFixed(1)}×)`);
dense.dispose();
lazy.dispose();
lazyAll.dispose();
tf.dispose([table, g, ids, up]);
