import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { processAlive } from '@ampmix/trainer/node';

/** What a lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

/** Thrown when a lock is held by a live process (or one on another host, which cannot be checked). */
export class LockHeldError extends Error {
  readonly code = 'E_LOCKED';
  constructor(readonly path: string, readonly owner: LockOwner | null) {
    super(owner
      ? `${path} is held by pid ${owner.pid} on ${owner.host} (${owner.purpose}, since ${owner.since}); wait for it to finish, or remove the file if that process is gone`
      : `${path} is held by another process (unreadable lock file); remove it if no process uses it`);
    this.name = 'LockHeldError';
  }
}

async function readOwner(path: string): Promise<LockOwner | null | 'gone'> {
  try {
    const o = JSON.parse(await readFile(path, 'utf8'));
    return typeof o?.pid === 'number' && typeof o?.host === 'string' ? o : null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
}

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /** What the lock is for (written into the file, shown to a refused process). */
  purpose?: string;
  /** Keep trying this long (ms) while a live process holds it; default 0 (refuse at once). */
  waitMs?: number;
  /** Called once when a stale lock (dead pid on this host) is taken over. */
  onStale?: (message: string) => void;
  /**
   * Take over a lock held by another host once `waitMs` has passed (its liveness cannot be checked from here;
   * use only when something else — the queue's job lock — has declared that holder dead). Default false.
   */
  takeOverForeign?: boolean;
}

/** A held lock; `release()` removes the file (only if it is still ours). */
export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Takes the lock file `path` atomically (`open` with O_EXCL), writing the owner's pid, host and purpose.
 * A lock left by a dead process of this host is taken over (with `onStale`); one held by a live process,
 * or by any process of another host, is waited for up to `waitMs`, then refused with a {@link LockHeldError}
 * naming the holder.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose: options.purpose ?? 'lock' };
  const deadline = Date.now() + (options.waitMs ?? 0);
  let delay = 2;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(`${JSON.stringify(me)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return {
        path,
        release: async () => {
          const o = await readOwner(path);
          if (o && o !== 'gone' && o.pid === me.pid && o.host === me.host && o.since === me.since) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readOwner(path);
    if (owner === 'gone') continue;
    if (owner && owner.host === me.host && !processAlive(owner.pid)) {
      // stale: rename-free takeover is racy between two takers, so remove only if the file still names the dead owner
      const again = await readOwner(path);
      if (again !== 'gone' && again && again.pid === owner.pid && again.since === owner.since) {
        await rm(path, { force: true });
        options.onStale?.(`took over the stale lock ${path} of pid ${owner.pid} (no longer running on ${owner.host}, since ${owner.since})`);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      if (options.takeOverForeign && owner && owner.host !== me.host) {
        await rm(path, { force: true });
        options.onStale?.(`took over the lock ${path} of pid ${owner.pid} on ${owner.host} (since ${owner.since}): the queue gave its run to this worker`);
        continue;
      }
      throw new LockHeldError(path, owner);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(50, delay * 2);
  }
}
