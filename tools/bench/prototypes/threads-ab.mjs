// wasm threads (or two builds of @ampmix/sentence-mixup), A/B: one child process per thread count (the wasm backend initialises once per process), both
// alive at once; the parent asks them for one training step in turn (1 thread, 2 threads, 1, 2, …), so that a
// change of machine load hits both alike. Per mode: median wall and CPU ms per step (min–max) and the per-round
// wall ratio 1-thread/2-thread, median [p25–p75]. With --profile, the threaded child then profiles one step of
// each mode (tf.profile) and prints the kernels by total time.
//   node tools/bench/prototypes/threads-ab.mjs [--model cnn] [--threads 2] [--modes mixup,amp] [--steps 12] [--warmup 3] [--profile]
// With --a-text PATH (an older build's dist/index.js) child A loads that @ampmix/sentence-mixup instead
// (BENCH_TEXT_MODULE): two versions of the text models, A/B, at 1 and --threads threads (use --threads 1).
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLiveChild } from '../src/live-child.mjs';
import { quantile } from '../src/stats.mjs';

const CHILD = process.argv[2] === '--child';

async function child() {
  const [, , , threadsArg, model] = process.argv;
  const tf = await import('@tensorflow/tfjs');
  const { chooseBackend } = await import('@ampmix/core');
  const { buildCase } = await import('../src/cases.mjs');
  const { FULL_SHAPES } = await import('../src/config.mjs');
  const { createStepper } = await import('../src/train-step.mjs');
  const chosen = await chooseBackend({ backend: 'wasm', threads: Number(threadsArg), log: () => {} });
  const steppers = {};
  const builds = [];
  const stepper = async (mode) => {
    if (!steppers[mode]) {
      const b = await buildCase(model, FULL_SHAPES);
      builds.push(b);
      steppers[mode] = createStepper(b, mode);
    }
    return steppers[mode];
  };
  const send = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  send({ ready: true, threads: chosen.threads });
  let i = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, mode] = line.split(' ');
    if (cmd === 'step') {
      const s = await stepper(mode);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await s.step(i++);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      send({ wall, cpu: (c.user + c.system) / 1000 });
    } else if (cmd === 'profile') {
      const s = await stepper(mode);
      const info = await tf.profile(async () => {
        await s.step(i++);
        return [];
      });
      const byName = {};
      for (const k of info.kernels) byName[k.name] = (byName[k.name] ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0);
      send({ kernels: Object.entries(byName).sort((a, b) => b[1] - a[1]) });
    } else if (cmd === 'quit') {
      for (const st of Object.values(steppers)) st.dispose();
      for (const b of builds) b.dispose();
      send({ bye: true });
      process.exit(0);
    }
  }
}

async function parent() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'cnn' },
      threads: { type: 'string', default: '2' },
      modes: { type: 'string', default: 'mixup,amp' },
      steps: { type: 'string', default: '12' },
      warmup: { type: 'string', default: '3' },
      profile: { type: 'boolean', default: false },
      'a-text': { type: 'string' },
    },
  });
  const self = fileURLToPath(import.meta.url);
  const open = (threads, k) => {
    const env = k === 0 && values['a-text'] ? { ...process.env, BENCH_TEXT_MODULE: values['a-text'] } : process.env;
    return openLiveChild(`tfjs child (${threads} thread${threads > 1 ? 's' : ''})`, process.execPath, [self, '--child', String(threads), values.model], { env });
  };
  const counts = [1, Number(values.threads)];
  const kids = [];
  for (const [k, t] of counts.entries()) kids.push(await open(t, k));
  const ready = kids.map((k) => k.ready);
  if (values['a-text']) console.log(`child A (first) loads @ampmix/sentence-mixup from ${values['a-text']}`);
  console.log(`wasm, ${values.model}: children with threads ${ready.map((r) => r.threads).join(' and ')} (asked ${counts.join(', ')}); ${values.warmup} warm-up + ${values.steps} timed rounds, alternating`);
  const modes = values.modes.split(',');
  const res = Object.fromEntries(modes.map((m) => [m, counts.map(() => ({ wall: [], cpu: [] }))]));
  for (let i = 0; i < Number(values.warmup) + Number(values.steps); i++) {
    for (const m of modes) {
      for (let k = 0; k < kids.length; k++) {
        const r = await kids[k].ask(`step ${m}`);
        if (i >= Number(values.warmup)) {
          res[m][k].wall.push(r.wall);
          res[m][k].cpu.push(r.cpu);
        }
      }
    }
  }
  for (const m of modes) {
    for (let k = 0; k < kids.length; k++) {
      const { wall, cpu } = res[m][k];
      console.log(`  ${m.padEnd(6)} ${ready[k].threads} thread(s): wall ${quantile(wall, 0.5).toFixed(1)} ms (${Math.min(...wall).toFixed(1)}–${Math.max(...wall).toFixed(1)}), cpu ${quantile(cpu, 0.5).toFixed(1)} ms (${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)})`);
    }
    const ratio = res[m][0].wall.map((w, i) => w / res[m][1].wall[i]);
    console.log(`  ${m.padEnd(6)} per-round wall speed-up 1-thread/${ready[1].threads}-thread: ${quantile(ratio, 0.5).toFixed(3)} [${quantile(ratio, 0.25).toFixed(3)}–${quantile(ratio, 0.75).toFixed(3)}]`);
  }
  if (values.profile) {
    for (const m of modes) {
      for (let k = 0; k < kids.length; k++) {
        const { kernels } = await kids[k].ask(`profile ${m}`);
        const total = kernels.reduce((a, [, t]) => a + t, 0);
        console.log(`  profile ${m}, ${ready[k].threads} thread(s): kernel time ${total.toFixed(1)} ms; ${kernels.slice(0, 10).map(([n, t]) => `${n} ${t.toFixed(1)} (${((100 * t) / total).toFixed(0)}%)`).join(', ')}`);
      }
    }
  }
  for (const k of kids) await k.close();
}

await (CHILD ? child() : parent());
