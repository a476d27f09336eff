#!/usr/bin/env node
// The Kim CNN conv block (pad → per width conv + bias → ReLU → max over time → concat) at the bench shapes,
// forward + backward, today's implementation against the prototypes:
//   node tools/bench/prototypes/conv-bench.mjs [--backend wasm|cpu]
// Two backward kinds, as in an AMP step: to the input only (the λ-gradient pass) and to input + filters
// (the training pass). Checks that every variant gives the baseline's values and gradients.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { unfoldConv1d } from '@ampmix/sentence-mixup';
import { activateBackend } from '../src/backends.mjs';
import { installFastMatMulGrad } from './fast-matmul-grad.mjs';
import { gatherUnfoldConv1d, maxOverTime, shiftConv1dAll, tapConv1d } from './conv.mjs';
import { line, measure } from './measure.mjs';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, reps: { type: 'string', default: '5' } } });
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
const [B, L, D, F, widths] = [50, 40, 300, 100, [3, 4, 5]];
const pad = Math.max(...widths) - 1;
const x = tf.randomNormal([B, L, D], 0, 1, 'float32', 1);
const filters = widths.map((h, i) => tf.variable(tf.randomNormal([h, D, F], 0, 0.05, 'float32', 10 + i), true, `proto_conv_w${h}`));
const biases = widths.map((h) => tf.variable(tf.zeros([F]), true, `proto_conv_b${h}`));
const dOut = tf.randomNormal([B, widths.length * F], 0, 1, 'float32', 2);

const blocks = {
  'today: unfoldConv1d + tf.max': (xi) => {
    const p = tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
    return tf.concat(widths.map((h, i) => tf.max(tf.relu(tf.add(unfoldConv1d(p, filters[i]), biases[i])), 1)), 1);
  },
  'unfoldConv1d + maxOverTime': (xi) => {
    const p = tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
    return tf.concat(widths.map((h, i) => maxOverTime(tf.relu(tf.add(unfoldConv1d(p, filters[i]), biases[i])))), 1);
  },
  'tapConv1d + maxOverTime': (xi) => {
    const p = tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
    return tf.concat(widths.map((h, i) => maxOverTime(tf.relu(tf.add(tapConv1d(p, filters[i]), biases[i])))), 1);
  },
  'gatherUnfoldConv1d + maxOverTime': (xi) => {
    const p = tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
    return tf.concat(widths.map((h, i) => maxOverTime(tf.relu(tf.add(gatherUnfoldConv1d(p, filters[i]), biases[i])))), 1);
  },
  'shiftConv1dAll + maxOverTime': (xi) => {
    const p = tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
    const ys = shiftConv1dAll(p, filters);
    return tf.concat(ys.map((y, i) => maxOverTime(tf.relu(tf.add(y, biases[i])))), 1);
  },
};
const reps = Number(values.reps);
const loss = (fn) => (xi) => tf.sum(tf.mul(fn(xi), dOut));
const vars = [...filters, ...biases];
/** ∂ of the loss with respect to the input and every filter and bias (the training pass's backward). */
const gradAll = (fn) => tf.grads((xi, ...ws) => loss(fn)(xi))([x, ...vars]);
const results = {};
async function suite(tag, undo) {
  for (const [name, fn] of Object.entries(blocks)) {
    if (undo && name.startsWith('today')) continue;
    const label = `${name}${undo ? ' + fast matMul grad' : ''}`;
    const fwd = await measure(() => tf.tidy(() => fn(x)), { reps });
    const gx = await measure(() => tf.tidy(() => tf.grad(loss(fn))(x)), { reps });
    const gall = await measure(() => tf.tidy(() => gradAll(fn)), { reps });
    results[label] = { fwd, gx, gall };
    console.log(line(`${label}: forward`, fwd));
    console.log(line(`${label}: forward + ∂x`, gx));
    console.log(line(`${label}: forward + ∂x + ∂filters`, gall));
  }
}
// correctness first: every variant against today's, with and without the matMul gradient
const ref = tf.tidy(() => {
  const fn = blocks['today: unfoldConv1d + tf.max'];
  return [fn(x), ...gradAll(fn)];
});
const undoCheck = installFastMatMulGrad();
for (const [name, fn] of Object.entries(blocks)) {
  const got = tf.tidy(() => [fn(x), ...gradAll(fn)]);
  const err = Math.max(...got.map((g, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(g, ref[i]))).dataSync()[0] / (tf.max(tf.abs(ref[i])).dataSync()[0] || 1))));
  console.log(`check ${name} (+ fast matMul grad): max relative error ${err.toExponential(1)}`);
  tf.dispose(got);
}
undoCheck();
console.log(`backend ${tf.getBackend()}: x [${B}, ${L}, ${D}] padded by ${pad}, widths ${widths.join('/')} × ${F} filters`);
await suite('plain', null);
const undo = installFastMatMulGrad();
await suite('fast', undo);
undo();
const base = results['today: unfoldConv1d + tf.max'];
for (const [label, r] of Object.entries(results)) {
  if (r === base) continue;
  console.log(`speed-up of ${label}: forward ${(base.fwd.cpuMs / r.fwd.cpuMs).toFixed(1)}×, +∂x ${(base.gx.cpuMs / r.gx.cpuMs).toFixed(1)}×, +∂x+∂W ${(base.gall.cpuMs / r.gall.cpuMs).toFixed(1)}× (cpu time)`);
}
