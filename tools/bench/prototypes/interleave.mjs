// Shared helper of the A/B prototypes: variants of one step run in one process, interleaved step by step
// (A, B, C, A, B, C, …), so that a change of machine load hits every variant alike.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { quantile } from '../src/stats.mjs';

/**
 * Runs `warmup` untimed and `steps` timed rounds of `steppers` (each `{ step(i) }`), one step of each per
 * round. Returns per-variant arrays of CPU ms (user + system) and wall ms per timed round, and the tensors the
 * timed rounds left behind.
 */
export async function interleaveSteps(steppers, { warmup, steps }) {
  const cpu = steppers.map(() => []);
  const wall = steppers.map(() => []);
  let n0 = tf.memory().numTensors;
  for (let i = 0; i < warmup + steps; i++) {
    if (i === warmup) n0 = tf.memory().numTensors;
    for (const [v, stepper] of steppers.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await stepper.step(i);
      const t = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (i >= warmup) {
        wall[v].push(t);
        cpu[v].push((c.user + c.system) / 1000);
      }
    }
  }
  return { cpu, wall, leaked: tf.memory().numTensors - n0 };
}

/** One variant's line: median CPU and wall ms (min–max). */
export function variantLine(label, cpu, wall, width = 11) {
  const range = (a) => `(${Math.min(...a).toFixed(1)}–${Math.max(...a).toFixed(1)})`;
  return `  ${label.padEnd(width)} cpu ${quantile(cpu, 0.5).toFixed(1).padStart(7)} ms ${range(cpu)}  wall ${quantile(wall, 0.5).toFixed(1).padStart(7)} ms ${range(wall)}`;
}
