import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AmpmixError } from '@ampmix/core';

/** Who holds a lock: written into the lock file as JSON. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** What holds it, for messages (e.g. `ampmix train`). */
  readonly purpose: string;
}

/** A lock taken by {@link acquireLock}. */
export interface FolderLock {
  /** The lock file. */
  readonly path: string;
  readonly holder: LockHolder;
  /** Stale lock that was taken over, or `null`. */
  readonly tookOver: LockHolder | null;
  /** Removes the lock file if it is still this lock's (idempotent); throws the file system's error. */
  release(): void;
}

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  /** File name of the lock inside the folder. Default `.lock`. */
  name?: string;
  /** What takes the lock, written into it and shown to a second process. Default `ampmix`. */
  purpose?: string;
  /** Called when a stale lock (its process is gone, same host) is taken over. */
  onStale?: (stale: LockHolder, lockPath: string) => void;
}

/** The folder is locked by another live process (or by one on another host, which cannot be checked). */
export class LockError extends AmpmixError {
  readonly lockPath: string;
  /** The holder, or `null` when the lock file cannot be read. */
  readonly holder: LockHolder | null;
  constructor(lockPath: string, holder: LockHolder | null, message: string) {
    super('E_LOCKED', message);
    this.name = 'LockError';
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

/** The default lock file name. */
export const LOCK_FILE = '.lock';

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string') return { pid: h.pid, host: h.host, since: String(h.since ?? '?'), purpose: String(h.purpose ?? 'ampmix') };
  } catch {
    // unreadable or torn: not judged
  }
  return null;
}

/** Whether process `pid` is alive on this host (`EPERM`: alive, owned by another user); how a stale lock is told. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const same = (a: LockHolder, b: LockHolder) => a.pid === b.pid && a.host === b.host && a.since === b.since;

function describe(h: LockHolder): string {
  return `${h.purpose} (pid ${h.pid} on ${h.host}, since ${h.since})`;
}

/**
 * Takes an exclusive lock on `dir` (which must exist): creates `dir/.lock` with `O_CREAT | O_EXCL` (the `wx`
 * flag) holding the owner's pid, host, time and purpose, so of two processes exactly one gets it. A lock
 * whose process is gone (same host, pid not alive) is stale: it is moved aside atomically, checked to be
 * the stale one, and replaced, with `onStale` called. Otherwise throws a {@link LockError} naming the
 * holder. Release the lock with {@link FolderLock.release} (it only removes its own lock file).
 */
export function acquireLock(dir: string, options: AcquireLockOptions = {}): FolderLock {
  const lockPath = path.join(dir, options.name ?? LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), purpose: options.purpose ?? 'ampmix' };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(lockPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = readHolder(lockPath);
      if (!other) {
        throw new LockError(lockPath, null, `${dir} is locked: ${lockPath} exists but cannot be read (being written, or damaged); if no process uses ${dir}, delete ${lockPath}`);
      }
      if (other.host !== holder.host || other.pid === process.pid || processAlive(other.pid)) {
        const check = other.host !== holder.host ? `; if it no longer runs on ${other.host}, delete ${lockPath}` : '';
        throw new LockError(lockPath, other, `${dir} is in use by ${describe(other)}${check}`);
      }
      // stale: move it aside (atomic; one taker wins), then make sure what was moved is the stale lock
      const aside = `${lockPath}.stale-${process.pid}-${attempt}`;
      try {
        fs.renameSync(lockPath, aside);
      } catch (r) {
        if ((r as NodeJS.ErrnoException).code === 'ENOENT') continue; // another process took it over first
        throw r;
      }
      const moved = readHolder(aside);
      if (moved && !same(moved, other)) {
        // a fresh lock taken in between: put it back and report it
        try {
          fs.linkSync(aside, lockPath);
        } finally {
          fs.rmSync(aside, { force: true });
        }
        throw new LockError(lockPath, moved, `${dir} is in use by ${describe(moved)}`);
      }
      fs.rmSync(aside, { force: true });
      tookOver = other;
      options.onStale?.(other, lockPath);
      continue;
    }
    try {
      fs.writeSync(fd, `${JSON.stringify(holder)}\n`);
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(lockPath, { force: true }); // an empty lock would read as damaged
      throw e;
    }
    fs.closeSync(fd);
    let released = false;
    return {
      path: lockPath,
      holder,
      tookOver,
      release() {
        if (released) return;
        const now = readHolder(lockPath);
        if (now && same(now, holder)) fs.rmSync(lockPath, { force: true });
        released = true;
      },
    };
  }
  throw new LockError(lockPath, null, `${dir}: could not take ${lockPath} (other processes keep taking it over)`);
}
