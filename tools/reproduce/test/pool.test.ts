import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPool } from '../lib/pool.mjs';

const fake = fileURLToPath(new URL('./fixtures/fake-worker.mjs', import.meta.url));
const tasks = (n: number, extra: (i: number) => object = () => ({})) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, spec: { value: i, ...extra(i) } }));

function collect() {
  const done: { key: string; result: { value: number; pid: number }; attempts: number }[] = [];
  const failures: { key: string; reason: string; attempt: number; final: boolean }[] = [];
  const logs: string[] = [];
  return {
    done, failures, logs,
    hooks: {
      onDone: (d: any) => done.push({ key: d.task.key, result: d.result, attempts: d.attempts }),
      onFailure: (f: any) => failures.push({ key: f.task.key, reason: f.reason, attempt: f.attempt, final: f.final }),
      onLog: (l: string) => logs.push(l),
    },
  };
}

describe('worker pool', () => {
  it('runs every task once on N processes', async () => {
    const c = collect();
    const r = await runPool({ tasks: tasks(7), workers: 2, workerPath: fake, ...c.hooks });
    expect(r.done).toBe(7);
    expect(c.done.map((d) => d.key).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(c.done.every((d) => d.result.value === Number(d.key.slice(1)))).toBe(true);
    expect(new Set(c.done.map((d) => d.result.pid)).size).toBeLessThanOrEqual(2);
    expect(r.failed).toEqual([]);
  });

  it('a worker crash is reported and the run retried once, on a fresh worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    const c = collect();
    const r = await runPool({ tasks: tasks(4, (i) => (i === 1 ? { crashOnce: join(dir, 'marker') } : {})), workers: 2, workerPath: fake, ...c.hooks });
    expect(r.done).toBe(4);
    expect(c.failures).toHaveLength(1);
    expect(c.failures[0]).toMatchObject({ key: 'k1', attempt: 1, final: false });
    expect(c.failures[0].reason).toMatch(/crashed \(exit code 3\)/);
    expect(c.done.find((d) => d.key === 'k1')!.attempts).toBe(2);
    expect(c.logs.some((l) => /retrying it once/.test(l))).toBe(true);
  });

  it('a run that crashes twice is given up (reported final) and the others still finish', async () => {
    const c = collect();
    const r = await runPool({ tasks: tasks(3, (i) => (i === 0 ? { crashAlways: true } : {})), workers: 2, workerPath: fake, ...c.hooks });
    expect(r.done).toBe(2);
    expect(r.failed.map((f: any) => f.task.key)).toEqual(['k0']);
    expect(c.failures.map((f) => [f.key, f.attempt, f.final])).toEqual([['k0', 1, false], ['k0', 2, true]]);
  });

  it('an error answered by the worker is retried once too', async () => {
    const c = collect();
    const r = await runPool({ tasks: tasks(2, (i) => (i === 1 ? { fail: true } : {})), workers: 1, workerPath: fake, ...c.hooks });
    expect(r.done).toBe(1);
    expect(c.failures.map((f) => f.final)).toEqual([false, true]);
    expect(c.failures[0].reason).toBe('error: deliberate failure');
  });

  it('maxRuns hands out at most that many runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    const log = join(dir, 'log');
    const c = collect();
    const r = await runPool({ tasks: tasks(6), workers: 2, workerPath: fake, maxRuns: 3, env: { FAKE_WORKER_LOG: log }, ...c.hooks });
    expect(r.done).toBe(3);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('rejects when no worker can start', async () => {
    const c = collect();
    await expect(runPool({ tasks: tasks(2), workers: 2, workerPath: fake, env: { FAKE_WORKER_FAIL_START: '1' }, ...c.hooks })).rejects.toThrow(/no worker could start/);
  });

  it('an empty task list resolves without starting workers', async () => {
    const c = collect();
    const r = await runPool({ tasks: [], workers: 2, workerPath: fake, ...c.hooks });
    expect(r).toMatchObject({ done: 0, failed: [], workers: [] });
  });
});
