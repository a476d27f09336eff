#!/usr/bin/env node
// The full Kim CNN training step (plan + mixStep + update) at the bench shapes on a backend (default wasm):
// the library's Kim CNN with the stock wasm kernels, with core's fast paths (the default), then + a lazy Adam
// of the embedding table (lazy-adam.mjs: a semantic change, not adopted) — the waterfall of docs/PERFORMANCE.md:
//   node tools/bench/prototypes/kim-cnn-step.mjs [--backend wasm] [--steps 5] [--modes mixup,amp] [--only 0,2]
// Variants run one after another (the fast paths are global); CPU time per step (median of --steps after one
// warm-up). Then the PyTorch peer's Kim CNN (1 thread) and ours/peer per variant.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { installWasmFastPaths, uninstallWasmFastPaths } from '@ampmix/core';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { FULL_SHAPES } from '../src/config.mjs';
import { createStepper } from '../src/train-step.mjs';
import { LazyAdam } from './lazy-adam.mjs';
import { measure } from './measure.mjs';
import { openPeer, probePeer } from '../src/peer.mjs';
import { summarize } from '../src/stats.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '5' },
    modes: { type: 'string', default: 'mixup,amp' },
    only: { type: 'string' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
const modes = values.modes.split(',');
const steps = Number(values.steps);
const lazyAdam = (model) => {
  const opt = new LazyAdam(model.weights, { learningRate: 2e-4, sparse: ['embedding'] });
  return { apply: (grads, batch) => opt.apply(grads, { embedding: batch.ids }), dispose: () => opt.dispose() };
};
const variants = [
  { name: 'library Kim CNN, stock kernels (fastPaths: false)', fast: false },
  { name: '+ core\'s wasm fast paths (the default)', fast: true },
  { name: '+ lazy Adam of the table (LazyAdam semantics)', fast: true, optimizer: lazyAdam },
];
const rows = [];
for (const [i, v] of variants.entries()) {
  if (values.only && !values.only.split(',').includes(String(i))) continue;
  if (v.fast) installWasmFastPaths();
  else uninstallWasmFastPaths();
  const built = await buildCase('cnn', FULL_SHAPES);
  const row = { name: v.name };
  for (const mode of modes) {
    const stepper = createStepper(built, mode, v.optimizer ? { optimizer: v.optimizer } : {});
    let k = 0;
    const r = await measure(() => stepper.step(k++), { reps: steps, warmup: 1 });
    stepper.dispose();
    row[mode] = r;
  }
  built.dispose();
  rows.push(row);
  console.log(`${v.name.padEnd(52)} ${modes.map((m) => `${m} cpu ${row[m].cpuMs.toFixed(0).padStart(5)} ms (wall ${row[m].wallMs.toFixed(0)})`).join('  ')}${row.amp && row.mixup ? `  AMP/Mixup ${(row.amp.cpuMs / row.mixup.cpuMs).toFixed(2)}` : ''}`);
}
if (tf.getBackend() === 'wasm') installWasmFastPaths();
console.log(`tensors alive: ${tf.memory().numTensors}`);
const probe = probePeer(values.python);
if (!probe.ok) console.log(probe.message);
else {
  const peer = await openPeer(values.python, { shapes: FULL_SHAPES, threads: 1 });
  const p = {};
  for (const m of modes) {
    await peer.step('cnn', m); // warm-up
    const cpu = [];
    for (let k = 0; k < steps; k++) cpu.push((await peer.step('cnn', m)).cpu);
    p[m] = summarize(cpu).median;
  }
  await peer.close();
  console.log(`PyTorch ${probe.torch} Kim CNN, 1 thread: ${modes.map((m) => `${m} cpu ${p[m].toFixed(0)} ms`).join('  ')}`);
  for (const row of rows) console.log(`ours/peer  ${row.name.padEnd(52)} ${modes.map((m) => `${m} ${(row[m].cpuMs / p[m]).toFixed(2)}×`).join('  ')}`);
}
