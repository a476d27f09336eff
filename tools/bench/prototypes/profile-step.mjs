#!/usr/bin/env node
// Per-kernel profile of one training step (plan + mixStep + Adam) on a backend, by tf.profile:
//   node tools/bench/prototypes/profile-step.mjs [--backend wasm] [--model cnn|lstm|mlp] [--mode amp|mixup|none] [--steps 2] [--stock]
// Prints kernel time by kernel name (sum over the profiled steps / steps), the Adam update's share, and
// the kernels' total against the step's wall time (the rest is JS overhead: tape, tidy, allocation).
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { createStepper } from '../src/train-step.mjs';
import { FULL_SHAPES } from '../src/config.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string', default: 'cnn' },
    mode: { type: 'string', default: 'amp' },
    steps: { type: 'string', default: '2' },
    top: { type: 'string', default: '25' },
    stock: { type: 'boolean', default: false },
  },
});
// --stock: wasm with the stock tfjs kernels (core's fast paths off); default: the fast paths, as users get
const act = await activateBackend(values.backend, { fastPaths: !values.stock });
if (!act.ok) throw new Error(act.message);
const steps = Number(values.steps);
const built = await buildCase(values.model, FULL_SHAPES);
const stepper = createStepper(built, values.mode);
await stepper.step(0); // warm-up

const byKernel = new Map();
let wall = 0;
let cpu = 0;
for (let i = 1; i <= steps; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const info = await tf.profile(() => stepper.step(i));
  wall += performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1000;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : (await k.kernelTimeMs).kernelMs ?? 0;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const e = byKernel.get(key) ?? { name: k.name, shapes: k.inputShapes, ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    byKernel.set(key, e);
  }
}
const rows = [...byKernel.values()].sort((a, b) => b.ms - a.ms);
const total = rows.reduce((a, r) => a + r.ms, 0);
const byName = new Map();
for (const r of rows) byName.set(r.name, (byName.get(r.name) ?? 0) + r.ms);
console.log(`${values.backend}${values.backend === 'wasm' ? (act.fastPaths ? ' (fast paths)' : ' (stock kernels)') : ''} ${values.model} ${values.mode}: step wall ${(wall / steps).toFixed(0)} ms (profiled), cpu ${(cpu / steps).toFixed(0)} ms, kernels ${(total / steps).toFixed(0)} ms`);
console.log('\nby kernel name (ms per step, share of kernel time):');
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${name.padEnd(22)} ${(ms / steps).toFixed(1).padStart(8)}  ${((100 * ms) / total).toFixed(1)}%`);
console.log(`\ntop ${values.top} kernel × input shapes (ms per step, calls per step):`);
for (const r of rows.slice(0, Number(values.top))) console.log(`  ${(r.ms / steps).toFixed(1).padStart(8)}  ×${(r.calls / steps).toFixed(0).padStart(3)}  ${r.name} ${JSON.stringify(r.shapes)}`);
stepper.dispose();
built.dispose();
