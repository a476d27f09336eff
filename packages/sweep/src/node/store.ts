import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lock, LockOptions } from './lock.js';
import { acquireLock } from './lock.js';

/** One line of the results store. */
export interface RunRecord {
  key: string;
  [field: string]: unknown;
}

/** Options of {@link ResultsStore.open}. */
export interface StoreOptions {
  /**
   * Hold `<store>.lock` for as long as the store is open, so that a second sweep on the same store is refused
   * (naming the holder) instead of running everything again. Default true; queue workers, which share one
   * store, open it with `exclusive: false` and rely on the per-append lock.
   */
  exclusive?: boolean;
  /** Warnings (a stale lock taken over, a partial last line dropped). Default `console.warn`. */
  warn?: (message: string) => void;
}

/**
 * The JSONL results store: one line per finished run, keyed by its canonical run key; the source of truth for
 * tables and reports. Each append takes `<store>.append.lock` (O_EXCL, pid + host, stale locks of dead processes
 * taken over), reads what other processes appended since, and writes the line only if its key is absent — one
 * `write` of the full line, then fsync — so a run is recorded exactly once however many processes finish it.
 * An interrupted write leaves at most a partial last line without a newline, which opening drops.
 */
export class ResultsStore {
  private readonly byKey = new Map<string, RunRecord>();
  private offset = 0;
  private closed = false;
  /** Lines whose key was already stored (they do not count). */
  duplicates = 0;

  private constructor(readonly path: string, private readonly lock: Lock | null, private readonly warn: (m: string) => void) {}

  /** Opens (creating its folder) the store at `path`, taking the sweep lock unless `exclusive: false`. */
  static async open(path: string, options: StoreOptions = {}): Promise<ResultsStore> {
    const warn = options.warn ?? ((m: string) => console.warn(m));
    mkdirSync(dirname(path), { recursive: true });
    const lock = options.exclusive === false ? null : await acquireLock(`${path}.lock`, { purpose: 'sweep', onStale: warn });
    const store = new ResultsStore(path, lock, warn);
    try {
      await store.withAppendLock(async () => {
        await store.dropPartialLine();
        store.refresh();
      });
    } catch (e) {
      await lock?.release();
      throw e;
    }
    return store;
  }

  /** Whether a run with this key is recorded (as of the last read). */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The record of a key, if recorded. */
  get(key: string): RunRecord | undefined {
    return this.byKey.get(key);
  }

  /** Number of distinct recorded runs. */
  get size(): number {
    return this.byKey.size;
  }

  /** The recorded runs, in file order (the first line of each key). */
  records(): RunRecord[] {
    return [...this.byKey.values()];
  }

  /** Reads the lines appended since the last read (by this or any other process). */
  refresh(): void {
    if (!existsSync(this.path)) return;
    const buf = readFileSync(this.path);
    const end = buf.lastIndexOf(0x0a) + 1;
    if (end <= this.offset) return;
    const text = buf.subarray(this.offset, end).toString('utf8');
    let line = 0;
    for (const l of text.split('\n')) {
      line++;
      if (!l.trim()) continue;
      let rec: RunRecord;
      try {
        rec = JSON.parse(l);
      } catch (e) {
        throw new Error(`${this.path}: line ${line} after byte ${this.offset} is not JSON (${(e as Error).message}); remove or fix that line`);
      }
      if (typeof rec?.key !== 'string') throw new Error(`${this.path}: a record without a string "key" after byte ${this.offset}`);
      if (this.byKey.has(rec.key)) this.duplicates++;
      else this.byKey.set(rec.key, rec);
    }
    this.offset = end;
  }

  /**
   * Records `record` unless its key is already in the store (checked under the append lock against the file
   * as it is now). Returns true when this call wrote it.
   */
  async record(record: RunRecord): Promise<boolean> {
    if (this.closed) throw new Error(`results store ${this.path} is closed`);
    if (typeof record?.key !== 'string') throw new TypeError('a results-store record needs a string "key"');
    const line = `${JSON.stringify(record)}\n`;
    return this.withAppendLock(async () => {
      this.refresh();
      if (this.byKey.has(record.key)) return false;
      const fh = await open(this.path, 'a');
      try {
        await fh.write(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
      this.byKey.set(record.key, JSON.parse(line));
      this.offset += Buffer.byteLength(line);
      return true;
    });
  }

  /** Releases the sweep lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock?.release();
  }

  private async withAppendLock<T>(fn: () => Promise<T>): Promise<T> {
    const opts: LockOptions = { purpose: 'append', waitMs: 30_000, onStale: this.warn };
    const lock = await acquireLock(`${this.path}.append.lock`, opts);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  private async dropPartialLine(): Promise<void> {
    if (!existsSync(this.path)) return;
    const buf = readFileSync(this.path);
    const end = buf.lastIndexOf(0x0a) + 1;
    if (end < buf.length) {
      await truncate(this.path, end);
      this.warn(`${this.path}: dropped a partial last line (${buf.length - end} bytes) left by an interrupted write; that run will be redone`);
    }
  }
}
