import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, ResultsStore } from '../src/node/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ampmix-store-'));
const DIST = fileURLToPath(new URL('../dist/node/index.js', import.meta.url));

describe('the results store', () => {
  it('a second sweep on a held store is refused with a line naming the holder', async () => {
    const path = join(tmp(), 'results.jsonl');
    const a = await ResultsStore.open(path);
    const err = await ResultsStore.open(path).catch((e) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect(err.message).toMatch(new RegExp(`results\\.jsonl\\.lock is held by pid ${process.pid} on ${hostname()} \\(sweep, since `));
    await a.close();
    const b = await ResultsStore.open(path); // released: free again
    await b.close();
  });

  it('a stale lock of a dead process is taken over with a warning', async () => {
    const path = join(tmp(), 'results.jsonl');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z', purpose: 'sweep' }));
    const warnings: string[] = [];
    const s = await ResultsStore.open(path, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`took over the stale lock .*results\\.jsonl\\.lock of pid ${dead}`))]);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    await s.close();
  });

  it('a lock of another host is never taken over', async () => {
    const path = join(tmp(), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'elsewhere', since: 'then', purpose: 'sweep' }));
    await expect(acquireLock(path, { waitMs: 30 })).rejects.toThrow(/held by pid 1 on elsewhere/);
  });

  it('records a key once, keeps the first line, drops a partial last line on open', async () => {
    const path = join(tmp(), 'results.jsonl');
    const s = await ResultsStore.open(path);
    expect(await s.record({ key: 'a', v: 1 })).toBe(true);
    expect(await s.record({ key: 'a', v: 2 })).toBe(false);
    await s.close();
    appendFileSync(path, '{"key":"b","v":'); // an interrupted write
    const warnings: string[] = [];
    const t = await ResultsStore.open(path, { warn: (m) => warnings.push(m) });
    expect(t.records()).toEqual([{ key: 'a', v: 1 }]);
    expect(warnings[0]).toMatch(/dropped a partial last line \(15 bytes\)/);
    expect(readFileSync(path, 'utf8')).toBe('{"key":"a","v":1}\n');
    await t.close();
  });

  it('an unparsable complete line is an error that says where', async () => {
    const path = join(tmp(), 'results.jsonl');
    writeFileSync(path, '{"key":"a"}\nnot json\n');
    await expect(ResultsStore.open(path)).rejects.toThrow(/results\.jsonl: line 2 after byte 0 is not JSON .*; remove or fix that line/);
    expect(existsSync(`${path}.lock`)).toBe(false); // the failed open released its lock
  });

  it('four processes recording the same 25 keys at once write each key exactly once', async () => {
    const path = join(tmp(), 'results.jsonl');
    const script = `
      const { ResultsStore } = await import(${JSON.stringify(DIST)});
      const s = await ResultsStore.open(${JSON.stringify(path)}, { exclusive: false });
      let wrote = 0;
      for (let i = 0; i < 25; i++) if (await s.record({ key: 'k' + i, by: process.pid })) wrote++;
      await s.close();
      process.stdout.write(String(wrote) + "\\n");`;
    const outs = await Promise.all(Array.from({ length: 4 }, () => new Promise<number>((resolve, reject) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.on('close', (code) => {
        const wrote = Number(out.trim().split('\n').pop());
        if (code === 0 && Number.isInteger(wrote)) resolve(wrote);
        else reject(new Error(`recorder exited with ${code}, printed ${JSON.stringify(out)}`));
      });
    })));
    expect(outs.reduce((a, b) => a + b, 0)).toBe(25);
    const keys = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).key);
    expect(keys).toHaveLength(25);
    expect(new Set(keys).size).toBe(25);
  });
});
