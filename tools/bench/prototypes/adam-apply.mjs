// The trainer's Adam.apply alone on an [18000, 300] embedding table (wasm unless --backend): dense Adam on the dense
// gradient, lazy Adam on the dense gradient, lazy Adam on the row-sparse gradient (U looked-up rows, what
// `mixStep({ sparseGradients })` returns), then a tf.profile of the last two, kernel time by kernel.
//   node tools/bench/prototypes/adam-apply.mjs [--backend wasm] [--rows 1200] [--rounds 2]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '@ampmix/core';
import { Adam } from '@ampmix/trainer';
import { line, measure } from './measure.mjs';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, rows: { type: 'string', default: '1200' }, rounds: { type: 'string', default: '2' } } });
await chooseBackend({ backend: values.backend, log: () => {} });
const [V, D, U] = [18000, 300, Number(values.rows)];
const table = () => ({ embedding: tf.variable(tf.randomNormal([V, D], 0, 1, 'float32', 1)) });
const dense = new Adam(table(), {});
const lazy = new Adam(table(), { lazy: ['embedding'] });
const ids = Int32Array.from({ length: U }, (_, i) => Math.floor((i * V) / U));
const sparse = { embedding: { indices: tf.tensor1d(ids, 'int32'), values: tf.randomNormal([U, D], 0, 1, 'float32', 2), shape: [V, D] } };
const denseGrad = { embedding: tf.scatterND(tf.tensor2d(ids, [U, 1], 'int32'), sparse.embedding.values, [V, D]) };
console.log(`backend ${tf.getBackend()}, table [${V}, ${D}], ${U} rows with a gradient; median of 7 after 2 warm-ups`);
for (let r = 0; r < Number(values.rounds); r++) {
  console.log(line('dense Adam, dense gradient', await measure(() => dense.apply(denseGrad))));
  console.log(line('lazy Adam, dense gradient', await measure(() => lazy.apply(denseGrad))));
  console.log(line('lazy Adam, row-sparse gradient', await measure(() => lazy.apply({}, 1, sparse))));
}
for (const [label, f] of [['lazy Adam, row-sparse gradient', () => lazy.apply({}, 1, sparse)], ['dense Adam, dense gradient', () => dense.apply(denseGrad)]]) {
  const info = await tf.profile(f);
  const by = {};
  for (const k of info.kernels) by[k.name] = (by[k.name] ?? 0) + k.kernelTimeMs;
  console.log(`profile, ${label} (kernel ms): ${Object.entries(by).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
}
