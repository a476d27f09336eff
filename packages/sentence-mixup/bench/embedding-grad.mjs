// Embedding lookup + gradient, ms per step: core's gatherRows (scatterND gradient) vs tf.gather
// (UnsortedSegmentSum gradient), on the cpu and wasm backends, for a 20k × 300 table and a batch of
// 50 sentences × 40 tokens. For scale: the optimizer's own dense update of the table (Adam, SGD) and a
// one-hot matMul lookup (the AMP reference code's SoftEmbedding). Prints rows as it goes; asserts nothing.
//   npx tsup && node bench/embedding-grad.mjs [reps]
// tf.gather's gradient is not run at V = 20k on cpu: tfjs-backend-cpu's UnsortedSegmentSum loops over the
// V segments, each a masked [B·L, D] product kept until the end (O(V·B·L·D) time and memory, ~48 GB
// here), so it is timed at small V to show the growth; wasm has no UnsortedSegmentSum kernel at all.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { gatherRows, Rng } from '@ampmix/core';
import { embeddingLookup } from '../dist/index.js';

const V = 20000, D = 300, B = 50, L = 40;
const reps = Number(process.argv[2] ?? 7);
const skipSlow = process.argv.includes('--skip-slow'); // skips tf.gather's gradient on cpu (minutes)
const rng = new Rng(0);
const idsArr = Int32Array.from({ length: B * L }, (_, i) => (i % L < 25 ? 2 + rng.int(V - 2) : 0)); // 25 tokens, 15 PAD

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn, n = reps) {
  await fn(); // warm-up
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

// cpu and wasm kernels run synchronously: the gradient exists when variableGrads returns (no read-back,
// which would add a 24 MB copy the training step never makes)
async function gradStep(table, lookup, ids, w) {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(lookup(table, ids), w)), [table]);
  tf.dispose([value, grads[table.name]]);
}

const rows = [];
const log = (b, n, ms) => {
  rows.push([b, n, ms]);
  console.log(`${b.padEnd(5)} ${n.padEnd(46)} ${ms}`);
};
console.log(`embedding lookup + gradient, table ${V} × ${D}, batch ${B} × ${L} (median of ${reps}, ms)`);
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await tf.ready();
  const table = tf.variable(tf.randomUniform([V, D], -0.25, 0.25, 'float32', 1), true, `bench_${backend}_table`);
  const ids = tf.tensor2d(idsArr, [B, L], 'int32');
  const w = tf.randomNormal([B, L, D], 0, 1, 'float32', 2);
  const gatherLookup = (t, x) => tf.reshape(tf.gather(t, tf.reshape(x, [B * L])), [B, L, D]);
  if (backend === 'cpu' && !skipSlow) {
    for (const v of [100, 200, 400]) {
      const small = tf.variable(tf.randomUniform([v, D], -0.25, 0.25, 'float32', 1), true, `bench_small_${v}`);
      const smallIds = tf.tensor2d(idsArr.map((id) => id % v), [B, L], 'int32');
      log(backend, `tf.gather (UnsortedSegmentSum grad), V = ${v}`, (await time(() => gradStep(small, gatherLookup, smallIds, w), 1)).toFixed(1));
      log(backend, `gatherRows (scatterND grad), V = ${v}`, (await time(() => gradStep(small, (t, x) => tf.reshape(gatherRows(t, tf.reshape(x, [B * L])), [B, L, D]), smallIds, w), 3)).toFixed(1));
      tf.dispose([small, smallIds]);
    }
  }
  const variants = {
    ...(backend === 'wasm' ? { 'tf.gather (UnsortedSegmentSum grad)': gatherLookup } : {}),
    'gatherRows (scatterND grad)': (t, x) => tf.reshape(gatherRows(t, tf.reshape(x, [B * L])), [B, L, D]),
    'embeddingLookup (gatherRows + PAD mask)': (t, x) => embeddingLookup(t, x),
  };
  for (const [name, lookup] of Object.entries(variants)) {
    let ms;
    try {
      ms = (await time(() => gradStep(table, lookup, ids, w))).toFixed(1);
    } catch (e) {
      ms = `fails: ${String(e.message).split('\n')[0].slice(0, 70)}`;
    }
    log(backend, name, ms);
  }
  // forward only, for reference
  const flat = tf.reshape(ids, [B * L]);
  log(backend, 'gatherRows forward only', (await time(async () => { gatherRows(table, flat).dispose(); })).toFixed(1));
  flat.dispose();
  // the optimizer's own dense [V, D] update, with a ready-made gradient
  const g = tf.randomNormal([V, D], 0, 1e-3, 'float32', 3);
  for (const [name, opt] of [['Adam update of the table', tf.train.adam(1e-3)], ['SGD update of the table', tf.train.sgd(1e-3)]]) {
    log(backend, name, (await time(async () => { opt.applyGradients([{ name: table.name, tensor: g }]); }, backend === 'cpu' ? 3 : reps)).toFixed(1));
    opt.dispose();
  }
  if (backend === 'wasm') {
    const oneHot = (t, x) => tf.reshape(tf.matMul(tf.oneHot(tf.reshape(x, [B * L]), V), t), [B, L, D]);
    log(backend, 'one-hot matMul lookup + grad (reference code)', (await time(() => gradStep(table, oneHot, ids, w), 2)).toFixed(1));
  }
  tf.dispose([table, ids, w, g]);
}
console.log(`peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
