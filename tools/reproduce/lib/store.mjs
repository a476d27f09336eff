// The sweep's results store: one JSON line per finished run, keyed by the run's canonical config.
// Only the coordinating process writes it. An interrupted write leaves at most a partial last line,
// which opening the store drops (it is re-run).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class RunStore {
  /**
   * Opens (creating its folder) the store at `path`, reading every complete line. A partial last line
   * (no newline: the write was interrupted) is cut off; an unparsable complete line is an error that
   * names the line.
   * @param {string} path
   */
  constructor(path) {
    this.path = path;
    /** @type {Map<string, any>} */
    this.byKey = new Map();
    this.duplicates = 0;
    this.repaired = 0;
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    let end = text.length;
    if (text.length && !text.endsWith('\n')) {
      end = text.lastIndexOf('\n') + 1;
      this.repaired = Buffer.byteLength(text.slice(end));
      truncateSync(path, Buffer.byteLength(text.slice(0, end)));
    }
    const lines = text.slice(0, end).split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let rec;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not a JSON line (${e.message}); remove or fix that line`);
      }
      if (!rec || typeof rec.key !== 'string') throw new Error(`${path}:${i + 1}: a record without a "key"`);
      if (this.byKey.has(rec.key)) this.duplicates++;
      else this.byKey.set(rec.key, rec);
    });
  }

  /** Whether a run with this key has finished. */
  has(key) {
    return this.byKey.has(key);
  }

  /** Number of distinct finished runs. */
  get size() {
    return this.byKey.size;
  }

  /** The finished runs, in file order. */
  records() {
    return [...this.byKey.values()];
  }

  /**
   * Appends one record as a line and syncs it to disk before returning. A record whose key is already
   * stored is not written again (returns false).
   */
  append(record) {
    if (typeof record?.key !== 'string') throw new TypeError('a store record needs a string "key"');
    if (this.byKey.has(record.key)) return false;
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.byKey.set(record.key, record);
    return true;
  }
}

/** Appends one JSON line to a log file (failures, events), creating its folder. */
export function appendJsonLine(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, `${JSON.stringify(value)}\n`);
  } finally {
    closeSync(fd);
  }
}
