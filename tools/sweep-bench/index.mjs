#!/usr/bin/env node
// node tools/sweep-bench [--runs-per-config N] [--steps N] [--rounds N]
// Throughput of @ampmix/sweep on this machine: one grid (the package's blobs MLP runner, 2 configurations × N
// seeds) run on 1 and 2 queue workers (separate processes, BullMQ over a redis-server started here on a free
// loopback port) and on the local pool of 1 and 2 processes, the four modes interleaved for `--rounds` rounds.
// Times are from submit (or runGrid) to the last recorded run; worker start-up (imports) is excluded for the queue.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runGrid, submit, sweepStatus } from '@ampmix/sweep/node';

const { values } = parseArgs({ options: { 'runs-per-config': { type: 'string', default: '6' }, steps: { type: 'string', default: '60' }, rounds: { type: 'string', default: '2' } } });
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@ampmix/sweep/package.json'));
const RUNNER = join(pkgDir, 'examples', 'blobs-runner.mjs');
const BIN = join(pkgDir, 'bin', 'ampmix-sweep.js');
const seeds = Array.from({ length: Number(values['runs-per-config']) }, (_, i) => i + 1);
const spec = {
  name: 'bench', runner: RUNNER, seeds, shared: { steps: Number(values.steps) },
  configurations: [{ id: 'wide', params: { hidden: 16, learningRate: 0.05 } }, { id: 'narrow', params: { hidden: 4, learningRate: 0.05 }, baseline: 'wide' }],
};
const total = spec.configurations.length * seeds.length;

if (spawnSync('redis-server', ['--version']).error) {
  console.error('sweep-bench: redis-server is not on PATH (Debian: apt-get install -y redis-server)');
  process.exit(1);
}
const port = await new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((res) => { let out = ''; redis.stdout.on('data', (d) => { out += d; if (out.includes('Ready to accept')) res(); }); });
const queue = `redis://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function viaQueue(workers, round) {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  const queueName = `bench-${workers}-${round}`;
  const procs = [];
  for (let i = 0; i < workers; i++) {
    const p = spawn(process.execPath, [BIN, 'worker', '--queue', queue, '--queue-name', queueName, '--store', join(dir, 'results.jsonl')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise((res) => { let e = ''; p.stderr.on('data', (d) => { e += d; if (e.includes('waiting for runs')) res(); }); });
    procs.push(p);
  }
  const t0 = performance.now();
  await submit(spec, { queue, queueName });
  for (;;) {
    const s = await sweepStatus({ queue, queueName });
    if (s.done + s.failed === total) break;
    await sleep(50);
  }
  const ms = performance.now() - t0;
  await Promise.all(procs.map((p) => new Promise((res) => { p.once('exit', res); p.kill('SIGTERM'); })));
  return ms;
}

async function viaPool(workers) {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  const t0 = performance.now();
  await runGrid(spec, { store: join(dir, 'results.jsonl'), pool: workers });
  return performance.now() - t0;
}

const modes = [['queue, 1 worker', (round) => viaQueue(1, round)], ['queue, 2 workers', (round) => viaQueue(2, round)], ['local pool, 1 process', () => viaPool(1)], ['local pool, 2 processes', () => viaPool(2)]];
const times = new Map(modes.map(([m]) => [m, []]));
console.log(`sweep-bench: ${total} runs of ${values.steps} steps (blobs MLP), ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} at start`);
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, f] of modes) {
      const ms = await f(round);
      times.get(name).push(ms);
      console.log(`  round ${round + 1}  ${name.padEnd(24)} ${(ms / 1000).toFixed(1)} s  (${((total / ms) * 60_000).toFixed(1)} runs/min, ${(ms / total).toFixed(0)} ms/run)`);
    }
  }
} finally {
  redis.kill('SIGTERM');
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const q1 = median(times.get('queue, 1 worker'));
const q2 = median(times.get('queue, 2 workers'));
const p1 = median(times.get('local pool, 1 process'));
const p2 = median(times.get('local pool, 2 processes'));
console.log(`median: queue ${(q1 / 1000).toFixed(1)} s → ${(q2 / 1000).toFixed(1)} s with 2 workers (speed-up ${(q1 / q2).toFixed(2)}×); local pool ${(p1 / 1000).toFixed(1)} s → ${(p2 / 1000).toFixed(1)} s (${(p1 / p2).toFixed(2)}×); load average ${loadavg()[0].toFixed(2)} at the end`);
