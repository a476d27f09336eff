import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, KIM_INIT_RANGE, Vocab } from '../src/index.js';
import { loadGloveText } from '../src/node/index.js';
import { fixture, rejection } from './helpers.js';

const vocab = new Vocab(['the', 'fine', 'film', 'What', 'WHAT', 'dull', '.', 'Fine', 'missing']);
const row = (m: Float32Array, i: number, dim = 4) => Array.from(m.subarray(i * dim, (i + 1) * dim));

describe('loadGloveText on a fixture', () => {
  it('keeps the vocabulary rows, exact match first, then the lower-cased form; first duplicate wins', async () => {
    const t = await loadGloveText(fixture('glove.txt'), vocab);
    expect(t.dim).toBe(4);
    expect(t.matrix).toHaveLength(vocab.size * 4);
    expect(row(t.matrix, 0)).toEqual([0, 0, 0, 0]); // PAD
    expect(row(t.matrix, vocab.indexOf('the'))).toEqual([0.1, 0.2, 0.3, 0.4].map(Math.fround));
    expect(row(t.matrix, vocab.indexOf('fine'))).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(row(t.matrix, vocab.indexOf('film'))).toEqual([0.25, -0.5, 0.1, -2].map(Math.fround));
    expect(row(t.matrix, vocab.indexOf('What'))).toEqual([7, 7, 7, 7]);
    expect(row(t.matrix, vocab.indexOf('WHAT'))).toEqual([8, 8, 8, 8]); // via "what"
    expect(row(t.matrix, vocab.indexOf('Fine'))).toEqual([1.5, 2.5, 3.5, 4.5]); // via "fine"
    expect(row(t.matrix, vocab.indexOf('dull'))).toEqual([1, 1, 1, 1]);
    // ". . ." is a token with spaces, not the word "."; "." and "missing" stay random U[-0.25, 0.25]
    for (const w of ['.', 'missing', '<unk>']) {
      const r = row(t.matrix, w === '<unk>' ? Vocab.UNK : vocab.indexOf(w));
      expect(r.every((v) => Math.abs(v) <= KIM_INIT_RANGE && v !== 9)).toBe(true);
      expect(r.some((v) => v !== 0)).toBe(true);
    }
    expect(t.found).toBe(7);
    expect(t.coverage).toBeCloseTo(7 / 9, 12);
    expect(t.lines).toBe(10);
  });
  it('without the lower-case fallback only exact matches count', async () => {
    const t = await loadGloveText(fixture('glove.txt'), vocab, { lowercaseFallback: false });
    expect(t.found).toBe(5);
  });
  it('reads a word2vec-style "count dim" header and CRLF line ends', async () => {
    const h = await loadGloveText(fixture('glove-header.txt'), vocab);
    expect(h.dim).toBe(4);
    expect(row(h.matrix, vocab.indexOf('fine'))).toEqual([1, 2, 3, 4]);
    const c = await loadGloveText(fixture('glove-crlf.txt'), vocab);
    expect(row(c.matrix, vocab.indexOf('fine'))).toEqual([1, 2, 3, 4]);
    expect(c.found).toBe(3); // the, fine, Fine
  });
  it('the same seed gives the same random rows', async () => {
    const a = await loadGloveText(fixture('glove.txt'), vocab, { seed: 3 });
    const b = await loadGloveText(fixture('glove.txt'), vocab, { seed: 3 });
    const c = await loadGloveText(fixture('glove.txt'), vocab, { seed: 4 });
    expect(a.matrix).toEqual(b.matrix);
    expect(a.matrix).not.toEqual(c.matrix);
  });
});

describe('loadGloveText: bad rows', () => {
  it.each([
    ['glove-bad-dim.txt', 'glove-dimension', /glove-bad-dim\.txt:2: row "fine" has 3 values; expected 4/],
    ['glove-bad-number.txt', 'glove-number', /glove-bad-number\.txt:2: row "fine": value 3 is "x", not a finite number/],
  ])('%s: strict throws a DataError with file and line; lenient skips and counts', async (name, problem, message) => {
    const err = await rejection(loadGloveText(fixture(name), vocab));
    expect(err).toBeInstanceOf(DataError);
    expect([err.line, err.problem]).toEqual([2, problem]);
    expect(err.message).toMatch(message);
    const t = await loadGloveText(fixture(name), vocab, { lenient: true });
    expect(t.skipped).toBe(1);
    expect(t.skippedLines[0]).toMatchObject({ line: 2, problem });
    expect(row(t.matrix, vocab.indexOf('film'))).toEqual([1, 2, 3, 4]);
    expect(t.found).toBe(2); // the, film (fine skipped; Fine has no fallback)
  });
  it('rows of words outside the vocabulary are only checked with validateAll', async () => {
    expect((await loadGloveText(fixture('glove-bad-unused.txt'), vocab)).found).toBe(3);
    const err = await rejection(loadGloveText(fixture('glove-bad-unused.txt'), vocab, { validateAll: true }));
    expect(err.message).toMatch(/glove-bad-unused\.txt:2: row "unused" has 3 values; expected 4/);
  });
  it('a dim option the file does not have is reported at the first used row', async () => {
    const err = await rejection(loadGloveText(fixture('glove.txt'), vocab, { dim: 5 }));
    expect(err.message).toMatch(/glove\.txt:1: row "the" has 4 values; expected 5/);
  });
  it('a missing file is a DataError naming it; bad options are rejected', async () => {
    await expect(loadGloveText(fixture('nope.txt'), vocab)).rejects.toThrow(/nope\.txt: cannot read the GloVe file: no such file/);
    await expect(loadGloveText(fixture('glove.txt'), vocab, { dim: 0 })).rejects.toThrow(/Invalid dim: got 0; expected an integer ≥ 1/);
    await expect(loadGloveText(fixture('glove.txt'), vocab, { dims: 4 } as never)).rejects.toThrow(/loadGloveText option "dims"/);
  });
});

describe('loadGloveText streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ampmix-glove-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('reads a file of many 1 MiB chunks and picks the right rows across chunk boundaries', async () => {
    const dim = 50;
    const rows = 12000; // ≈ 5 MB
    const value = (r: number, k: number) => ((r * 31 + k * 7) % 1000) / 1000 - 0.5;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) lines.push(`w${r} ${Array.from({ length: dim }, (_, k) => value(r, k).toFixed(3)).join(' ')}`);
    const path = join(dir, 'big.txt');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const picks = [0, 1, 4999, 7777, 11999];
    const v = new Vocab([...picks.map((r) => `w${r}`), 'absent']);
    const t = await loadGloveText(path, v);
    expect(t.dim).toBe(dim);
    expect(t.found).toBe(picks.length);
    expect(t.lines).toBe(rows);
    for (const r of picks) {
      expect(row(t.matrix, v.indexOf(`w${r}`), dim)).toEqual(Array.from({ length: dim }, (_, k) => Math.fround(Number(value(r, k).toFixed(3)))));
    }
  });
});
