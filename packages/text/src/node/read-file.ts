import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { parseLabelledText } from '../data/read-lines.js';
import type { ReadLinesOptions, ReadLinesResult } from '../data/read-lines.js';

/** Reads a whole file, turning a file-system failure into a {@link DataError}. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new DataError(file, 0, 'unreadable', `cannot read the file: ${why}`);
  }
}

/**
 * Reads a file with one example per line, label first (see `parseLabelledText`, which does the same on
 * bytes in memory). Problems throw a {@link DataError} naming the file and line, or with `lenient` are
 * skipped and listed.
 */
export async function readLabelledLines(file: string, options: ReadLinesOptions = {}): Promise<ReadLinesResult> {
  return parseLabelledText(await readBytes(file), file, options);
}
