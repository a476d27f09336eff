// End to end: the smoke preset really trains in worker processes. The first invocation is killed
// (SIGKILL, no chance to clean up) once a few runs are stored; the second picks up where it stopped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../lib/presets.mjs';

const cli = fileURLToPath(new URL('../index.mjs', import.meta.url));
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
/** Whether a process still runs (a zombie waiting to be reaped counts as exited). */
const running = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
};

describe('smoke preset, end to end', () => {
  it('trains in workers, survives a kill, resumes without duplicates and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reproduce-smoke-'));
    const store = join(dir, 'runs', 'results.jsonl');
    const out = join(dir, 'docs', 'RESULTS.md');
    const args = [cli, '--preset', 'smoke', '--store', store, '--out', out, '--workers', '2', '--backend', 'wasm'];
    const expected = buildPlan('smoke').runs.map((r) => r.key).sort();

    // 1. start, wait for 3 stored runs, kill -9
    const first = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log1 = '';
    first.stderr.on('data', (d) => (log1 += d));
    const exited = new Promise<number | null>((res) => first.on('exit', (code, signal) => res(signal ? -1 : code)));
    const deadline = Date.now() + 90_000;
    while (lines(store).length < 3 && Date.now() < deadline && first.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    first.kill('SIGKILL');
    await exited;
    const stored = lines(store).length;
    expect(stored, log1).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(expected.length);
    expect(log1).toMatch(/measured \(wall, and CPU time of the worker\): trec word: \d+ ms\/step \(CPU \d+\)/);
    expect(log1).toMatch(/estimate: .* for 10 run\(s\) on 2 worker\(s\) at the current load .*; .* if the cores were otherwise idle/);
    // the orphaned workers notice the parent is gone and exit
    const pids = [...log1.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const until = Date.now() + 10_000;
    while (pids.some(running) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(running)).toEqual([]);

    // 2. rerun: skips what is stored, finishes the rest, writes the report
    const second = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain(`10 runs in the grid, ${stored} already in`);
    expect(second.stderr).toContain(`${10 - stored} to run`);
    // the killed sweep's store lock names a dead pid: taken over with a warning
    expect(second.stderr).toMatch(/store: took over the stale lock .*results\.jsonl\.lock of pid \d+/);
    const keys = lines(store).map((l) => JSON.parse(l).key);
    expect(keys).toHaveLength(10);
    expect([...keys].sort()).toEqual(expected);
    for (const l of lines(store)) {
      const rec = JSON.parse(l);
      expect(rec.result.testError).toBeGreaterThanOrEqual(0);
      expect(rec.result.testError).toBeLessThanOrEqual(1);
      expect(rec.result.steps).toBe(6);
      expect(rec.result.worker.backend).toBe('wasm');
      if (rec.run.params.amp) expect(rec.result.meanAbsDeltaLambda).toBeGreaterThan(0);
      else expect(rec.result.meanAbsDeltaLambda).toBe(0);
    }

    const md = readFileSync(out, 'utf8');
    expect(md).toContain('SMOKE RUN');
    expect(md).toMatch(/\| WordMixup \| \d+\.\d\d ± \d+\.\d\d \| \d+\.\d\d ± \d+\.\d\d \|/);
    expect(md).toMatch(/\| TREC \| 100% \| WordMixup\+AMP \| \d+\.\d\d% \| \d+\.\d\d% \| /);
    expect(md).toContain('## Comparison with the paper');
    expect(md).not.toContain('## Missing runs');
    expect(existsSync(join(dir, 'docs', 'results', 'trec-error-vs-fraction.png'))).toBe(true);

    // 3. a third run has nothing left to do
    const third = spawnSync(process.execPath, [...args, '--no-report'], { encoding: 'utf8', timeout: 60_000 });
    expect(third.status).toBe(0);
    expect(third.stderr).toContain('10 already in');
    expect(third.stderr).toContain('0 to run');
    expect(lines(store)).toHaveLength(10);
  }, 180_000);
});
