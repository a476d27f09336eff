import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from './make-dirs.js';
import { outputError } from '../output-error.js';

/** Options of {@link JsonlLogger.open}. */
export interface JsonlLoggerOptions {
  /** Append to an existing file (a resumed run) instead of starting it afresh; default false. */
  append?: boolean;
}

/**
 * Cuts a torn last line (a writer killed mid-line) off `file`, keeping everything up to its last newline,
 * so the next record starts a line of its own. Returns the number of bytes dropped (0 when the file is
 * missing, empty or ends in a newline).
 */
function dropTornLine(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 0;
    const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
    let end = size;
    let keep = 0;
    // read backwards, chunk by chunk, to the last newline
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = fs.readSync(fd, chunk, 0, end - start, start);
      for (let i = n - 1; i >= 0; i--) {
        if (chunk[i] === 0x0a) {
          keep = start + i + 1;
          break search;
        }
      }
      end = start;
    }
    if (keep === size) return 0;
    fs.ftruncateSync(fd, keep);
    return size - keep;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes one JSON object per line (JSONL). Each line is written with one synchronous call, so a crash
 * leaves at most a torn last line, which opening with `append` cuts off. Non-finite numbers are written
 * as `null` (JSON has no NaN). A failed write throws an `AmpmixError` (`E_OUTPUT`) naming the file and
 * the cause, e.g. `cannot write <file>: no space left on the device (ENOSPC)`.
 */
export class JsonlLogger {
  private fd: number | null;

  private constructor(
    /** The log file. */
    readonly path: string,
    fd: number,
    /** Bytes of a torn last line that {@link JsonlLogger.open} with `append` cut off (0 when none). */
    readonly droppedBytes: number,
  ) {
    this.fd = fd;
  }

  /**
   * Opens (creating parent directories) `file` for writing, truncating it unless `append` is set. With
   * `append`, a torn last line (no final newline: a run killed mid-write) is cut off first, so the new
   * records do not glue onto it; {@link JsonlLogger.droppedBytes} says how many bytes went.
   */
  static open(file: string, options: JsonlLoggerOptions = {}): JsonlLogger {
    try {
      makeDirs(path.dirname(path.resolve(file)));
      const dropped = options.append ? dropTornLine(file) : 0;
      return new JsonlLogger(file, fs.openSync(file, options.append ? 'a' : 'w'), dropped);
    } catch (e) {
      throw outputError(file, e);
    }
  }

  /** Writes `record` as one line. */
  log(record: Record<string, unknown>): void {
    if (this.fd === null) throw new Error(`JSONL log ${this.path} is closed`);
    try {
      fs.writeSync(this.fd, `${JSON.stringify(record)}\n`);
    } catch (e) {
      throw outputError(this.path, e);
    }
  }

  /** Closes the file; later calls to {@link JsonlLogger.log} throw. Idempotent. */
  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** Parses a JSONL file into its records (blank lines skipped). */
export function readJsonl(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
