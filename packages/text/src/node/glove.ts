import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { booleanOption, integerAtLeast, noUnknownKeys } from '@ampmix/core';
import { DataError, ProblemLog } from '../errors.js';
import type { SkippedLine } from '../errors.js';
import type { Vocab } from '../text/vocab.js';
import type { EmbeddingTable } from '../embeddings/matrix.js';
import { VectorCollector } from '../embeddings/matrix.js';

/** Options of {@link loadGloveText}. */
export interface GloveOptions {
  /** Vector dimension; default: read from the first row (or a word2vec `count dim` header). */
  dim?: number;
  /** Skip bad rows (counted in `skipped`) instead of throwing a {@link DataError}. Default false. */
  lenient?: boolean;
  /** A word missing from the file takes its lower-cased form's vector when present. Default true. */
  lowercaseFallback?: boolean;
  /** Check the dimension of every row, not only the rows the vocabulary uses (slower). Default false. */
  validateAll?: boolean;
  /** Seed of the random rows of words not found. Default 0. */
  seed?: number;
}

/** Result of {@link loadGloveText}. */
export interface GloveTable extends EmbeddingTable {
  /** Rows read (header and blank lines included). */
  lines: number;
  /** Bad rows skipped by `lenient`. */
  skipped: number;
  skippedLines: SkippedLine[];
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Streams a GloVe text file (`word v1 … vD` per line; Pennington et al. 2014 — the AMP paper uses
 * glove.840B.300d, 2 GB) line by line with `readline`, parsing only the rows of `vocab`'s words, so memory
 * stays at the vocabulary's table. A token containing spaces (glove.840B has a few, e.g. `. . .`) is
 * recognised by its non-numeric extra fields and skipped. A used row with the wrong number of values, or a
 * value that is not a number, throws a {@link DataError} with file and line (or is skipped with
 * `lenient`); rows of other words are not parsed unless `validateAll`. The file is read as UTF-8 (invalid
 * bytes become U+FFFD and simply match no word). Returns the table (PAD zero; words not found random
 * U[−0.25, 0.25], as Kim 2014) and coverage = words found / real vocabulary words.
 */
export async function loadGloveText(path: string, vocab: Vocab, options: GloveOptions = {}): Promise<GloveTable> {
  noUnknownKeys('loadGloveText', options, ['dim', 'lenient', 'lowercaseFallback', 'validateAll', 'seed']);
  let dim = options.dim === undefined ? null : integerAtLeast('dim', options.dim, 1);
  const log = new ProblemLog(booleanOption('lenient', options.lenient ?? false));
  const fallback = booleanOption('lowercaseFallback', options.lowercaseFallback ?? true);
  const validateAll = booleanOption('validateAll', options.validateAll ?? false);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(path, 0, 'unreadable', `cannot read the GloVe file: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let collector: VectorCollector | null = dim === null ? null : new VectorCollector(vocab, dim, seed, fallback);
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const line = raw.trimEnd();
    if (line.length === 0) continue;
    if (n === 1 && /^\d+ \d+$/.test(line)) {
      // word2vec text header "count dim"
      const headerDim = Number(line.split(' ')[1]);
      if (dim === null) dim = headerDim;
      collector ??= new VectorCollector(vocab, dim, seed, fallback);
      continue;
    }
    const sp = line.indexOf(' ');
    const word = sp < 0 ? line : line.slice(0, sp);
    if (dim === null) dim = line.split(' ').length - 1;
    if (dim < 1) {
      throw new DataError(path, n, 'glove-dimension', `the first row ${JSON.stringify(word)} has no values: not a GloVe text file`);
    }
    collector ??= new VectorCollector(vocab, dim, seed, fallback);
    if (!collector.wants(word)) {
      if (validateAll) {
        const count = sp < 0 ? 0 : countFields(line, sp + 1);
        if (count < dim || (count > dim && extrasNumeric(line, count - dim))) {
          log.report(path, n, 'glove-dimension', `row ${JSON.stringify(word)} has ${count} values; expected ${dim}`);
        }
      }
      continue;
    }
    const fields = sp < 0 ? [] : line.slice(sp + 1).split(' ');
    if (fields.length > dim) {
      const extra = fields.slice(0, fields.length - dim);
      if (!extra.every((f) => NUMERIC.test(f))) continue; // a token with spaces, not a vocabulary word
    }
    if (fields.length !== dim) {
      log.report(path, n, 'glove-dimension', `row ${JSON.stringify(word)} has ${fields.length} values; expected ${dim}`);
      continue;
    }
    const values = new Float32Array(dim);
    let bad = -1;
    for (let k = 0; k < dim; k++) {
      const v = Number(fields[k]);
      if (!Number.isFinite(v) || fields[k] === '') {
        bad = k;
        break;
      }
      values[k] = v;
    }
    if (bad >= 0) {
      log.report(path, n, 'glove-number', `row ${JSON.stringify(word)}: value ${bad + 1} is ${JSON.stringify(fields[bad])}, not a finite number`);
      continue;
    }
    collector.set(word, values);
  }
  if (collector === null) throw new DataError(path, 0, 'no-examples', 'the GloVe file has no rows');
  return { ...collector.result(), lines: n, skipped: log.skipped.length, skippedLines: log.skipped };
}

function countFields(line: string, from: number): number {
  let count = 1;
  for (let i = line.indexOf(' ', from); i >= 0; i = line.indexOf(' ', i + 1)) count++;
  return count;
}

function extrasNumeric(line: string, extra: number): boolean {
  const fields = line.split(' ');
  return fields.slice(1, 1 + extra).every((f) => NUMERIC.test(f));
}
