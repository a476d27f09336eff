// Which kernels (with their input shapes) an AMP step adds over a Mixup step: one profiled step of each
// (after warm-up), kernels grouped by name and input shapes, the AMP-only extra time first.
//   node tools/bench/prototypes/kernel-shapes.mjs [--model cnn] [--backend wasm] [--top 15]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { FULL_SHAPES } from '../src/config.mjs';
import { createStepper } from '../src/train-step.mjs';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'cnn' }, backend: { type: 'string', default: 'wasm' }, top: { type: 'string', default: '15' } } });
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
const profileOf = async (mode) => {
  const built = await buildCase(values.model, FULL_SHAPES);
  const stepper = createStepper(built, mode);
  for (let i = 0; i < 3; i++) await stepper.step(i);
  const groups = new Map();
  const runs = 3;
  for (let r = 0; r < runs; r++) {
    const info = await tf.profile(async () => {
      await stepper.step(3 + r);
      return [];
    });
    for (const k of info.kernels) {
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const g = groups.get(key) ?? { calls: 0, ms: 0 };
      g.calls += 1 / runs;
      g.ms += (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) / runs;
      groups.set(key, g);
    }
  }
  stepper.dispose();
  built.dispose();
  return groups;
};
const mixup = await profileOf('mixup');
const amp = await profileOf('amp');
const total = (g) => [...g.values()].reduce((a, x) => a + x.ms, 0);
console.log(`${values.backend} ${values.model}: kernel time per step (mean of 3 profiled steps) mixup ${total(mixup).toFixed(1)} ms, amp ${total(amp).toFixed(1)} ms`);
const keys = new Set([...mixup.keys(), ...amp.keys()]);
const rows = [...keys].map((k) => {
  const a = amp.get(k) ?? { calls: 0, ms: 0 };
  const m = mixup.get(k) ?? { calls: 0, ms: 0 };
  return { k, dms: a.ms - m.ms, dcalls: a.calls - m.calls, ampMs: a.ms, mixMs: m.ms };
});
rows.sort((x, y) => y.dms - x.dms);
console.log('AMP − Mixup, by kernel and input shapes (ms, calls):');
for (const r of rows.slice(0, Number(values.top))) console.log(`  +${r.dms.toFixed(2).padStart(6)} ms  +${r.dcalls.toFixed(0).padStart(3)} calls  ${r.k}  (amp ${r.ampMs.toFixed(2)}, mixup ${r.mixMs.toFixed(2)})`);
