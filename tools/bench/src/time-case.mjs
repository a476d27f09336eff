// Times the modes of one (backend, model) pair, interleaved step by step so that a change of machine load
// hits every mode alike (the ratios are the point): warm-up steps, then `steps` timed rounds. Live PyTorch
// peers, when given, take their step of the same model and mode right after each tfjs step.
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats.mjs';
import { createStepper, OPTIMIZER_OF } from './train-step.mjs';

const row = (wall, cpu, steps, loss) => {
  const s = summarize(wall);
  return { medianMs: s.median, minMs: s.min, maxMs: s.max, cpuMedianMs: summarize(cpu).median, steps, loss, samples: { wall, cpu } };
};

/**
 * `builds[mode]` is a built case per mode (each mode trains its own model and Adam; `optimizer`: 'tfjs' or
 * 'trainer', see train-step.mjs). Runs `warmup` untimed
 * and `steps` timed steps of every mode, round-robin; with `peers` (openPeer handles) and `model`, each peer
 * takes one step of (model, mode) after each tfjs step. Returns { ours, peers }: `ours[mode]` =
 * { medianMs, minMs, maxMs, cpuMedianMs, steps, loss, tensorsLeaked, samples: { wall, cpu } } (per-step wall time
 * of plan + mixStep + Adam; the tensors the mode's steps left behind, its first step excepted: the optimizer's
 * state is created there; the CPU time of the process per step, user + system, all threads: close to the
 * uncontended wall time of a single-threaded backend when other processes load the machine); `peers` = one row
 * per peer and mode, { threads, mode, …the same fields but tensorsLeaked }. `samples[i]` of every row is round i.
 */
export async function timeModes(builds, modes, { steps, warmup, peers = [], model = null, optimizer = 'tfjs' }) {
  if (peers.length && !model) throw new Error('timeModes: peers need the model name');
  const steppers = Object.fromEntries(modes.map((m) => [m, createStepper(builds[m], m, { optimizer: OPTIMIZER_OF[optimizer] })]));
  const times = Object.fromEntries(modes.map((m) => [m, []]));
  const cpu = Object.fromEntries(modes.map((m) => [m, []]));
  const peerSamples = peers.map(() => Object.fromEntries(modes.map((m) => [m, { wall: [], cpu: [], loss: null }])));
  const last = {};
  try {
    for (let i = 0; i < warmup; i++) {
      for (const m of modes) {
        await steppers[m].step(i);
        for (const p of peers) await p.step(model, m);
      }
    }
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
        for (const [k, p] of peers.entries()) {
          const r = await p.step(model, m);
          const s = peerSamples[k][m];
          s.wall.push(r.wall);
          s.cpu.push(r.cpu);
          s.loss = r.loss;
        }
      }
    }
    const ours = Object.fromEntries(modes.map((m) => [m, { ...row(times[m], cpu[m], steps, last[m].loss), tensorsLeaked: leaked[m] }]));
    const peerRows = peers.flatMap((p, k) => modes.map((m) => ({ threads: p.threads, mode: m, ...row(peerSamples[k][m].wall, peerSamples[k][m].cpu, steps, peerSamples[k][m].loss) })));
    return { ours, peers: peerRows };
  } finally {
    for (const s of Object.values(steppers)) s.dispose();
    for (const p of peers) await p.drop(model).catch(() => {});
  }
}
