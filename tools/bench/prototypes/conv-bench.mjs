#!/usr/bin/env node
// The Kim CNN conv block (pad → per width conv + bias → ReLU → max over time → concat) at the bench shapes,
// forward + backward: the library's (unfoldConv1d + maxOverTime of @ampmix/sentence-mixup) against tf.max's
// gradient and the un-adopted alternatives of conv.mjs, with the stock wasm kernels and with core's fast paths:
//   node tools/bench/prototypes/conv-bench.mjs [--backend wasm|cpu]
// Two backward kinds, as in an AMP step: to the input only (the λ-gradient pass) and to input + filters
// (the training pass). Checks that every variant gives the library's values and gradients.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { maxOverTime, unfoldConv1d } from '@ampmix/text';
import { activateBackend } from '../src/backends.mjs';
import { shiftConv1dAll, tapConv1d } from './conv.mjs';
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
const padded = (xi) => tf.pad(xi, [[0, 0], [pad, pad], [0, 0]]);
const block = (conv, max) => (xi) => {
  const p = padded(xi);
  return tf.concat(widths.map((h, i) => max(tf.relu(tf.add(conv(p, filters[i]), biases[i])))), 1);
};

const LIB = 'library: unfoldConv1d + maxOverTime';
const blocks = {
  [LIB]: block(unfoldConv1d, maxOverTime),
  'unfoldConv1d + tf.max': block(unfoldConv1d, (y) => tf.max(y, 1)),
  'tapConv1d + maxOverTime': block(tapConv1d, maxOverTime),
  'shiftConv1dAll + maxOverTime': (xi) => tf.concat(shiftConv1dAll(padded(xi), filters).map((y, i) => maxOverTime(tf.relu(tf.add(y, biases[i])))), 1),
};
const reps = Number(values.reps);
const loss = (fn) => (xi) => tf.sum(tf.mul(fn(xi), dOut));
const vars = [...filters, ...biases];
/** ∂ of the loss with respect to the input and every filter and bias (the training pass's backward). */
const gradAll = (fn) => tf.grads((xi) => loss(fn)(xi))([x, ...vars]);
const wasm = tf.getBackend() === 'wasm';
const suites = wasm ? ['stock', 'fast paths'] : [tf.getBackend()];
const setSuite = (s) => (s === 'stock' ? uninstallWasmFastPaths() : wasm && installWasmFastPaths());

// correctness first: every variant against the library's (stock kernels), under every suite
setSuite(suites[0]);
const ref = tf.tidy(() => [blocks[LIB](x), ...gradAll(blocks[LIB])]);
for (const s of suites) {
  setSuite(s);
  for (const [name, fn] of Object.entries(blocks)) {
    const got = tf.tidy(() => [fn(x), ...gradAll(fn)]);
    const err = Math.max(...got.map((g, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(g, ref[i]))).dataSync()[0] / (tf.max(tf.abs(ref[i])).dataSync()[0] || 1))));
    console.log(`check ${name} (${s}): max relative error ${err.toExponential(1)}`);
    tf.dispose(got);
  }
}
console.log(`backend ${tf.getBackend()}: x [${B}, ${L}, ${D}] padded by ${pad}, widths ${widths.join('/')} × ${F} filters`);
const results = {};
for (const s of suites) {
  setSuite(s);
  results[s] = {};
  for (const [name, fn] of Object.entries(blocks)) {
    const label = `${name} (${s})`;
    const fwd = await measure(() => tf.tidy(() => fn(x)), { reps });
    const gx = await measure(() => tf.tidy(() => tf.grad(loss(fn))(x)), { reps });
    const gall = await measure(() => tf.tidy(() => gradAll(fn)), { reps });
    results[s][name] = { fwd, gx, gall };
    console.log(line(`${label}: forward`, fwd));
    console.log(line(`${label}: forward + ∂x`, gx));
    console.log(line(`${label}: forward + ∂x + ∂filters`, gall));
  }
}
setSuite(suites[suites.length - 1]);
const speedUp = (label, base, r) =>
  console.log(`${label}: forward ${(base.fwd.cpuMs / r.fwd.cpuMs).toFixed(1)}×, +∂x ${(base.gx.cpuMs / r.gx.cpuMs).toFixed(1)}×, +∂x+∂W ${(base.gall.cpuMs / r.gall.cpuMs).toFixed(1)}× (cpu time)`);
for (const s of suites) {
  for (const [name, r] of Object.entries(results[s])) if (name !== LIB) speedUp(`speed-up of ${name} over the library's (${s})`, results[s][LIB], r);
}
if (wasm) speedUp("speed-up of core's fast paths on the library's block (stock/fast)", results.stock[LIB], results['fast paths'][LIB]);
tf.dispose([x, dOut, ...vars, ...ref]);
