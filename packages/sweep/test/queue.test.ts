// Queue mode over a real redis-server: the one at $AMPMIX_TEST_REDIS_URL (CI), else one started on a free loopback
// port (the test fails, not skips, without one). Each test has a queue name of its own, so a shared server is safe.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridRecord } from '../src/node/index.js';
import { clearQueue, runGrid, startWorker, submit, sweepStatus } from '../src/node/index.js';
import { BIN, blobsSpec, startRedis, uniqueQueueName } from './helpers.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ampmix-queue-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** A worker process (`ampmix-sweep worker`) with short lock and stalled-check intervals. */
function workerProcess(queueName: string, store: string, runsDir: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker', '--queue', redis.url, '--queue-name', queueName, '--store', store, '--runs-dir', runsDir, '--lock-ms', '5000', '--stalled-ms', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const stopProcess = (p: ChildProcess) => new Promise<void>((resolve) => {
  if (p.exitCode !== null || p.signalCode !== null) return resolve();
  p.once('exit', () => resolve());
  p.kill('SIGTERM');
});

describe('queue mode (BullMQ + Redis)', () => {
  it('two worker processes, one SIGKILLed mid-run: every run is recorded exactly once, with the local pool\'s numbers', async () => {
    const dir = tmp();
    const traceFile = join(dir, 'trace.jsonl');
    const spec = blobsSpec('kill', { steps: 12, stepDelayMs: 120, traceFile });
    const queueName = uniqueQueueName('kill-test');
    // the reference: the same spec on the local process pool
    const local = await runGrid(spec, { store: join(dir, 'local.jsonl'), pool: 2 });
    writeFileSync(traceFile, '');
    const t0 = Date.now();
    const timeline: string[] = [];
    const at = (what: string) => timeline.push(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${what}`);
    const sub = await submit(spec, { queue: redis.url, queueName, attempts: 3, backoffMs: 200 });
    expect(sub).toEqual({ total: 6, added: 6, existing: 0, stored: 0 });
    at('6 runs submitted');
    const store = join(dir, 'queue.jsonl');
    const runsDir = join(dir, 'runs');
    const a = workerProcess(queueName, store, runsDir);
    const b = workerProcess(queueName, store, runsDir);
    at(`workers started: A pid ${a.pid}, B pid ${b.pid}`);
    // kill A once it is at step ≥ 5 of a run (its checkpoints are in the run folder)
    const victim = await until('worker A mid-run', () => {
      const ev = lines(traceFile).filter((e) => e.pid === a.pid);
      const done = new Set(ev.filter((e) => e.event === 'done').map((e) => e.key));
      return ev.find((e) => e.event === 'step' && e.step >= 5 && !done.has(e.key));
    }, 60_000);
    a.kill('SIGKILL');
    at(`SIGKILL worker A at step ${victim.step} of ${victim.key}`);
    await until('the sweep to finish', async () => {
      const s = await sweepStatus({ queue: redis.url, queueName });
      return s.done === 6 ? s : undefined;
    }, 90_000);
    at('all 6 runs done');
    await stopProcess(b);
    const trace = lines(traceFile);
    const restart = trace.find((e) => e.event === 'start' && e.key === victim.key && e.pid === b.pid);
    expect(restart).toBeDefined();
    at(`worker B picked ${victim.key} up at ${((restart.t - t0) / 1000).toFixed(1)} s, resuming from its checkpoint: ${restart.resume}`);
    const firstStepAfter = trace.find((e) => e.event === 'step' && e.key === victim.key && e.pid === b.pid);
    at(`B's first step of it: ${firstStepAfter?.step} (A had reached ${victim.step})`);
    console.log(`kill test timeline:\n  ${timeline.join('\n  ')}`);
    expect(restart.resume).toBe(true);
    expect(firstStepAfter.step).toBeGreaterThan(1); // continued from a checkpoint, did not start over
    const recorded = lines(store) as GridRecord[];
    expect(recorded.map((r) => r.key).sort()).toEqual(local.records.map((r) => r.key).sort()); // each once
    const want = Object.fromEntries(local.records.map((r) => [r.key, r.result]));
    for (const r of recorded) expect(r.result).toEqual(want[r.key]);
    await clearQueue({ queue: redis.url, queueName });
  }, 180_000);

  it('two submitters enqueue the same sweep: every run executes once', async () => {
    const dir = tmp();
    const traceFile = join(dir, 'trace.jsonl');
    const spec = blobsSpec('twice', { steps: 4, traceFile });
    const queueName = uniqueQueueName('twice-test');
    const specFile = join(dir, 'spec.mjs');
    writeFileSync(specFile, `export default ${JSON.stringify(spec)};\n`);
    const submitter = () => new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [BIN, 'submit', specFile, '--queue', redis.url, '--queue-name', queueName], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout?.on('data', (d) => (out += d));
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`submit exited ${code}`))));
    });
    const outs = await Promise.all([submitter(), submitter()]);
    for (const o of outs) expect(o).toMatch(/^\[sweep\] 6 runs: \d enqueued, \d already queued, 0 already stored/);
    expect((await sweepStatus({ queue: redis.url, queueName })).total).toBe(6);
    // and a third, after the fact, adds nothing
    expect(await submit(spec, { queue: redis.url, queueName })).toEqual({ total: 6, added: 0, existing: 6, stored: 0 });
    const store = join(dir, 'results.jsonl');
    const w1 = workerProcess(queueName, store, join(dir, 'runs'));
    const w2 = workerProcess(queueName, store, join(dir, 'runs'));
    const status = await until('the sweep to finish', async () => {
      const s = await sweepStatus({ queue: redis.url, queueName });
      return s.done === 6 ? s : undefined;
    }, 90_000);
    await Promise.all([stopProcess(w1), stopProcess(w2)]);
    expect(status).toMatchObject({ total: 6, done: 6, running: 0, waiting: 0, failed: 0 });
    expect(status.meanRunMs).toBeGreaterThan(0);
    const starts = lines(traceFile).filter((e) => e.event === 'start').map((e) => e.key);
    expect(starts).toHaveLength(6);
    expect(new Set(starts).size).toBe(6);
    expect(lines(store)).toHaveLength(6);
    await clearQueue({ queue: redis.url, queueName });
  }, 180_000);

  it('a poison run stops after its attempts with its error kept; status reports it', async () => {
    const dir = tmp();
    const spec = { ...blobsSpec('poison', { steps: 2 }, [1]), configurations: [{ id: 'ok', params: { hidden: 4, learningRate: 0.05 } }, { id: 'bad', params: { poison: true } }] };
    const queueName = uniqueQueueName('poison-test');
    await submit(spec, { queue: redis.url, queueName, attempts: 2, backoffMs: 50 });
    const events: string[] = [];
    const w = await startWorker({ queue: redis.url, queueName, store: join(dir, 'r.jsonl'), onEvent: (e) => events.push(`${e.type}${e.type === 'error' ? ` final=${e.final}` : ''}`) });
    const s = await until('the poison run to fail', async () => {
      const st = await sweepStatus({ queue: redis.url, queueName });
      return st.failed === 1 && st.done === 1 ? st : undefined;
    }, 60_000);
    await w.close();
    expect(s.failures).toEqual([{ key: expect.stringMatching(/^bad\|s1\|/), error: 'poison run bad (seed 1) always fails', attempts: 2 }]);
    expect(events.sort()).toEqual(['error final=false', 'error final=true', 'recorded']);
    expect(s.etaMs).toBe(0);
    expect(lines(join(dir, 'r.jsonl')).map((r) => r.run.configuration)).toEqual(['ok']);
    await clearQueue({ queue: redis.url, queueName });
  }, 120_000);
});
