// Times the modes of one (backend, model) pair, interleaved step by step so that a change of machine load
// hits every mode alike (the ratios are the point): warm-up steps, then `steps` timed rounds.
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats.mjs';
import { createStepper } from './train-step.mjs';

/**
 * `builds[mode]` is a built case per mode (each mode trains its own model and Adam). Runs `warmup` untimed
 * and `steps` timed steps of every mode, round-robin. Returns per mode
 * { medianMs, minMs, maxMs, cpuMedianMs, steps, loss, tensorsLeaked }: per-step wall time (plan + mixStep + Adam),
 * the tensors the mode's steps left behind (its first step excepted: the optimizer's state is created there)
 * and the median CPU time of the process per step (user + system, all threads: close to the uncontended wall
 * time of a single-threaded backend when other processes load the machine).
 */
export async function timeModes(builds, modes, { steps, warmup }) {
  const steppers = Object.fromEntries(modes.map((m) => [m, createStepper(builds[m], m)]));
  const times = Object.fromEntries(modes.map((m) => [m, []]));
  const cpu = Object.fromEntries(modes.map((m) => [m, []]));
  const last = {};
  try {
    for (let i = 0; i < warmup; i++) for (const m of modes) await steppers[m].step(i);
    // tensors left by each mode's steps; a mode's very first step is not counted (the optimizer creates its
    // moment variables there)
    const leaked = Object.fromEntries(modes.map((m) => [m, 0]));
    for (let i = 0; i < steps; i++) {
      for (const m of modes) {
        const n0 = tf.memory().numTensors;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        last[m] = await steppers[m].step(warmup + i);
        times[m].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[m].push((c.user + c.system) / 1000);
        if (warmup + i > 0) leaked[m] += tf.memory().numTensors - n0;
      }
    }
    return Object.fromEntries(
      modes.map((m) => {
        const s = summarize(times[m]);
        return [m, { medianMs: s.median, minMs: s.min, maxMs: s.max, cpuMedianMs: summarize(cpu[m]).median, steps, loss: last[m].loss, tensorsLeaked: leaked[m] }];
      }),
    );
  } finally {
    for (const s of Object.values(steppers)) s.dispose();
  }
}
