import fs from 'node:fs';
import path from 'node:path';

/** Options of {@link JsonlLogger.open}. */
export interface JsonlLoggerOptions {
  /** Append to an existing file (a resumed run) instead of starting it afresh; default false. */
  append?: boolean;
}

/**
 * Writes one JSON object per line (JSONL). Each line is written with one synchronous call, so a crash
 * leaves only whole lines behind. Non-finite numbers are written as `null` (JSON has no NaN).
 */
export class JsonlLogger {
  private fd: number | null;

  private constructor(
    /** The log file. */
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating parent directories) `file` for writing, truncating it unless `append` is set. */
  static open(file: string, options: JsonlLoggerOptions = {}): JsonlLogger {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new JsonlLogger(file, fs.openSync(file, options.append ? 'a' : 'w'));
  }

  /** Writes `record` as one line. */
  log(record: Record<string, unknown>): void {
    if (this.fd === null) throw new Error(`JSONL log ${this.path} is closed`);
    fs.writeSync(this.fd, `${JSON.stringify(record)}\n`);
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
