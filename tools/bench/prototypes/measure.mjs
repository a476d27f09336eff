// Shared helper of the prototypes: time a function by wall and process CPU time, robust to a shared machine.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` (which returns tensors to dispose, or a promise of them) `warmup` + `reps` times; returns
 * { wallMs, cpuMs } medians over the timed reps plus `cpuMinMs`. CPU time is user + system of the process.
 */
export async function measure(fn, { reps = 7, warmup = 2 } = {}) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < warmup + reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await fn();
    if (out) tf.dispose(out);
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (i >= warmup) {
      wall.push(t);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { wallMs: med(wall), cpuMs: med(cpu), cpuMinMs: Math.min(...cpu) };
}

/** One formatted line: label, CPU median (min), wall median. */
export function line(label, r) {
  return `${label.padEnd(58)} cpu ${r.cpuMs.toFixed(1).padStart(7)} ms (min ${r.cpuMinMs.toFixed(1).padStart(6)})  wall ${r.wallMs.toFixed(1).padStart(7)} ms`;
}
