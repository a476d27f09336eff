import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, LockError } from '../src/node/lock.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ampmix-lock-'));
  dirs.push(d);
  return d;
}
const DIST = fileURLToPath(new URL('../dist/node/index.js', import.meta.url));

/** A pid that is certainly not alive: a child that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireLock', () => {
  it('is exclusive: a second taker gets a LockError naming the holder; release frees it', () => {
    const dir = tmp();
    const a = acquireLock(dir, { purpose: 'ampmix train' });
    const held = JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, host: os.hostname(), purpose: 'ampmix train' });
    let err: unknown;
    try {
      acquireLock(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockError);
    expect((err as LockError).code).toBe('E_LOCKED');
    expect((err as Error).message).toBe(`${dir} is in use by ampmix train (pid ${process.pid} on ${os.hostname()}, since ${held.since})`);
    a.release();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    a.release(); // idempotent
    const b = acquireLock(dir);
    b.release();
  });

  it('takes over a stale lock of a dead process on this host, with a warning', () => {
    const dir = tmp();
    const pid = deadPid();
    const stale = { pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', purpose: 'ampmix train' };
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify(stale));
    const seen: unknown[] = [];
    const lock = acquireLock(dir, { onStale: (h) => seen.push(h) });
    expect(seen).toEqual([stale]);
    expect(lock.tookOver).toEqual(stale);
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dir)).toEqual(['.lock']); // nothing left aside
    lock.release();
  });

  it('refuses a lock of another host (its pid cannot be checked) and an unreadable one, with what to delete', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: 'x', purpose: 'ampmix train' }));
    expect(() => acquireLock(dir)).toThrow(/is in use by ampmix train \(pid \d+ on elsewhere, since x\); if it no longer runs on elsewhere, delete .*\.lock$/);
    fs.writeFileSync(path.join(dir, '.lock'), '');
    expect(() => acquireLock(dir)).toThrow(/exists but cannot be read .* delete .*\.lock$/);
  });

  it('release removes only its own lock (not one taken over after it)', () => {
    const dir = tmp();
    const a = acquireLock(dir);
    const other = { pid: process.pid, host: os.hostname(), since: 'later', purpose: 'other' };
    fs.writeFileSync(a.path, JSON.stringify(other));
    a.release();
    expect(JSON.parse(fs.readFileSync(a.path, 'utf8'))).toEqual(other);
  });

  it('of 4 processes racing for one folder, exactly one gets the lock (built trainer)', async () => {
    expect(fs.existsSync(DIST), `${DIST} is missing: build the trainer first (npx tsup in packages/trainer)`).toBe(true);
    const dir = tmp();
    // each child loads the trainer, says "ready", tries the lock on "go", reports, and holds it until stdin ends
    const script = `import { acquireLock } from ${JSON.stringify(DIST)};
      let lock = null;
      process.stdin.once('data', () => {
        try { lock = acquireLock(${JSON.stringify(dir)}); console.log('won'); } catch (e) { console.log(e.code); }
      });
      process.stdin.on('end', () => lock?.release());
      console.log('ready');`;
    const children = Array.from({ length: 4 }, () => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines: string[] = [];
      c.stdout.on('data', (d) => lines.push(...String(d).split('\n').filter(Boolean)));
      const closed = new Promise<void>((resolve) => c.on('close', () => resolve()));
      return { c, lines, closed };
    });
    const waitAll = async (n: number) => {
      const end = Date.now() + 60_000;
      while (children.some((k) => k.lines.length < n)) {
        if (Date.now() > end) throw new Error('children did not answer');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitAll(1);
    for (const k of children) k.c.stdin.write('go\n');
    await waitAll(2);
    for (const k of children) k.c.stdin.end();
    await Promise.all(children.map((k) => k.closed));
    const results = children.map((k) => k.lines[1]);
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'E_LOCKED')).toHaveLength(3);
  });
});
