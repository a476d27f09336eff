import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { DataError, Vocab } from '../src/index.js';
import { loadTextDataset, loadTextFiles } from '../src/node/index.js';
import type { TextDataset, TextSplits } from '../src/index.js';
import { expectNoTensorLeaks, fixture, rejection } from './helpers.js';

expectNoTensorLeaks();

const sentence = (d: TextSplits, split: TextDataset, i: number) =>
  Array.from(split.row(i)).filter((id) => id !== Vocab.PAD).map((id) => d.vocab.words[id]).join(' ');
const classCounts = (ds: TextDataset, k: number) => Array.from({ length: k }, (_, c) => ds.labels.filter((l) => l === c).length);

describe('loadTextFiles: train/dev/test files', () => {
  it('reads, cleans, builds the vocabulary from train and encodes every split', async () => {
    const d = await loadTextFiles({ train: fixture('tiny.train'), dev: fixture('tiny.dev'), test: fixture('tiny.test') });
    expect(d.name).toBe('tiny.train');
    expect(d.summary).toEqual({ train: 12, dev: 3, test: 4, skipped: 0, vocabulary: d.vocab.size, maxLength: 5, truncated: 0 });
    expect(d.numClasses).toBe(3);
    expect(d.labelNames).toEqual(['0', '1', '2']);
    expect(d.maxLength).toBe(5); // "a fine , moving film ." → 5 tokens after Kim's cleaning
    expect(sentence(d, d.train, 0)).toBe('a fine , moving film');
    expect(Array.from(d.train.labels)).toEqual([0, 1, 0, 2, 1, 2, 0, 1, 2, 0, 1, 2]);
    // test words never seen in training are UNK
    expect(Array.from(d.test.row(3))).toEqual([Vocab.UNK, Vocab.UNK, Vocab.UNK, Vocab.PAD, Vocab.PAD]);
    expect(d.vocab.has('unseen')).toBe(false);
  });
  it('vocabularyFrom "all" also takes dev and test words', async () => {
    const d = await loadTextFiles({ train: fixture('tiny.train'), dev: fixture('tiny.dev'), test: fixture('tiny.test') }, { vocabularyFrom: 'all' });
    expect(d.vocab.has('unseen')).toBe(true);
    expect(sentence(d, d.test, 3)).toBe('unseen words here');
  });
  it('minFreq drops rare words to UNK (hand-counted on tiny.train)', async () => {
    const d = await loadTextFiles({ train: fixture('tiny.train'), dev: fixture('tiny.dev'), test: fixture('tiny.test') }, { minFreq: 3 });
    // counts ≥ 3 in the 12 cleaned training sentences: "," 4, dull 4, then ? a and fine moving 3 each
    expect(d.vocab.words).toEqual(['<pad>', '<unk>', ',', 'dull', '?', 'a', 'and', 'fine', 'moving']);
    expect(sentence(d, d.train, 1)).toBe('dull and <unk>');
  });
  it('takes a stratified dev split from train when there is no dev file', async () => {
    const d = await loadTextFiles({ train: fixture('tiny.train'), test: fixture('tiny.test') }, { devFraction: 0.25 });
    expect(classCounts(d.dev, 3)).toEqual([1, 1, 1]); // round(4 × 0.25) per class
    expect(classCounts(d.train, 3)).toEqual([3, 3, 3]);
    const again = await loadTextFiles({ train: fixture('tiny.train'), test: fixture('tiny.test') }, { devFraction: 0.25 });
    expect(again.dev.ids).toEqual(d.dev.ids);
  });
  it('reads token labels in code-unit order', async () => {
    const d = await loadTextFiles({ train: fixture('tokens.train'), test: fixture('tokens.test') }, { devFraction: 0.5 });
    expect(d.labelNames).toEqual(['NEG:bad', 'POS:good']);
    expect(Array.from(d.test.labels)).toEqual([1, 0]);
  });
  it('caps the default maxLength at 100 and counts truncated sentences; an explicit maxLength wins', async () => {
    const d = await loadTextFiles({ train: fixture('long.txt'), test: fixture('long.txt') }, { devFraction: 0.1 });
    expect(d.maxLength).toBe(100);
    expect(d.summary.truncated).toBe(2); // the 120-word sentence, in train and in test
    const e = await loadTextFiles({ train: fixture('long.txt'), test: fixture('long.txt') }, { maxLength: 3 });
    expect(e.maxLength).toBe(3);
    expect(e.test.row(0).length).toBe(3);
  });
  it('batches are int32 tensors [B, maxLength] with labels, owned by the caller', async () => {
    const d = await loadTextFiles({ train: fixture('tiny.train'), dev: fixture('tiny.dev'), test: fixture('tiny.test') });
    const b = d.train.batch([3, 0]);
    expect(b.inputs.dtype).toBe('int32');
    expect(b.inputs.shape).toEqual([2, 5]);
    expect(b.labels.dtype).toBe('int32');
    expect(Array.from(b.labels.dataSync())).toEqual([2, 0]);
    expect(Array.from(b.inputs.dataSync().slice(5))).toEqual(Array.from(d.train.row(0)));
    tf.dispose([b.inputs, b.labels]);
    expect(() => d.train.batch([12])).toThrow(/Invalid indices\[0\]: got 12; expected an integer in \[0, 11\]/);
  });
});

describe('loadTextFiles: one file, 10-fold cross-validation', () => {
  const rowsOf = (d: TextSplits, ds: TextDataset) => Array.from({ length: ds.size }, (_, i) => sentence(d, ds, i));
  it('the ten test folds partition the file, stratified; train + dev + test is the whole file each time', async () => {
    const seen: string[] = [];
    for (let fold = 0; fold < 10; fold++) {
      const d = await loadTextFiles({ train: fixture('cv.txt') }, { fold, vocabularyFrom: 'all' });
      expect(d.summary.train + d.summary.dev + d.summary.test).toBe(47);
      const test = rowsOf(d, d.test);
      const rest = [...rowsOf(d, d.train), ...rowsOf(d, d.dev)];
      expect(test.filter((s) => rest.includes(s))).toEqual([]);
      const c = classCounts(d.test, 2);
      expect(c[0]).toBe(3); // 30 of class 0 → 3 per fold
      expect([1, 2]).toContain(c[1]); // 17 of class 1 → 1 or 2 per fold
      seen.push(...test);
    }
    expect(seen).toHaveLength(47);
    expect(new Set(seen).size).toBe(47);
  });
  it('fraction keeps max(1, ⌊n_c·f⌋) of each training class, after the same dev split', async () => {
    const full = await loadTextFiles({ train: fixture('cv.txt') }, { fold: 2, seed: 4, vocabularyFrom: 'all' });
    const low = await loadTextFiles({ train: fixture('cv.txt') }, { fold: 2, seed: 4, fraction: 0.2, vocabularyFrom: 'all' });
    const n = classCounts(full.train, 2);
    expect(classCounts(low.train, 2)).toEqual(n.map((k) => Math.max(1, Math.floor(k * 0.2))));
    expect(rowsOf(low, low.dev)).toEqual(rowsOf(full, full.dev));
    expect(rowsOf(low, low.test)).toEqual(rowsOf(full, full.test));
    const tiny = await loadTextFiles({ train: fixture('cv.txt') }, { fraction: 0.01 });
    expect(classCounts(tiny.train, 2)).toEqual([1, 1]);
  });
  it('cvSeed changes the folds, seed does not', async () => {
    const a = await loadTextFiles({ train: fixture('cv.txt') }, { seed: 1, vocabularyFrom: 'all' });
    const b = await loadTextFiles({ train: fixture('cv.txt') }, { seed: 2, vocabularyFrom: 'all' });
    const c = await loadTextFiles({ train: fixture('cv.txt') }, { cvSeed: 9, vocabularyFrom: 'all' });
    expect(rowsOf(a, a.test).sort()).toEqual(rowsOf(b, b.test).sort());
    expect(rowsOf(c, c.test).sort()).not.toEqual(rowsOf(a, a.test).sort());
  });
});

describe('loadTextFiles: bad input', () => {
  it('an unknown label in test: DataError with file and line, or skipped and counted with lenient', async () => {
    const files = { train: fixture('tiny.train'), test: fixture('unknown-label.test') };
    const err = await rejection(loadTextFiles(files));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/unknown-label\.test:2: unknown label "7": not among the training labels \(0, 1, 2\)/);
    const d = await loadTextFiles(files, { lenient: true });
    expect(d.summary.test).toBe(2);
    expect(d.summary.skipped).toBe(1);
    expect(d.skippedLines).toEqual([expect.objectContaining({ file: fixture('unknown-label.test'), line: 2, problem: 'unknown-label' })]);
  });
  it('a sentence the cleaning empties is an empty sentence', async () => {
    const err = await rejection(loadTextFiles({ train: fixture('empty-after-cleaning.txt'), test: fixture('tiny.test') }));
    expect(err.message).toMatch(/empty-after-cleaning\.txt:2: empty sentence after cleaning: "\.\.\. --- \.\.\."/);
    const d = await loadTextFiles({ train: fixture('empty-after-cleaning.txt'), test: fixture('tiny.test') }, { lenient: true, devFraction: 0.3 });
    expect(d.summary.skipped).toBe(1 + 2); // line 2, and the two test labels (1, 2) training never saw
  });
  it('a non-UTF-8 byte: strict error with file and line; decoded with encoding "windows-1252"', async () => {
    const err = await rejection(loadTextFiles({ train: fixture('latin1.txt'), test: fixture('latin1.txt') }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/latin1\.txt:1: not UTF-8: byte 0xe9/);
    const d = await loadTextFiles({ train: fixture('latin1.txt'), test: fixture('latin1.txt') }, { encoding: 'windows-1252', clean: 'none' });
    expect(d.vocab.has('café')).toBe(true);
    expect(d.vocab.has('naïve')).toBe(true);
  });
  it('lines without a label and empty sentences are skipped and counted with lenient', async () => {
    const d = await loadTextFiles({ train: fixture('no-label.txt') }, { lenient: true });
    expect(d.summary.skipped).toBe(1);
    const e = await loadTextFiles({ train: fixture('empty-sentence.txt') }, { lenient: true });
    expect(e.summary.skipped).toBe(1);
    expect(e.summary.train + e.summary.dev + e.summary.test).toBe(2);
  });
  it.each([
    [{ fold: 10 }, /Invalid fold: got 10; expected an integer in \[0, 9\]/],
    [{ fraction: 0 }, /Invalid fraction: got 0; expected a number in \(0, 1\]/],
    [{ devFraction: 1 }, /Invalid devFraction: got 1; expected a number in \(0, 1\)/],
    [{ maxLength: 0 }, /Invalid maxLength: got 0; expected an integer ≥ 1/],
    [{ minFreq: 1.5 }, /Invalid minFreq: got 1.5; expected an integer ≥ 1/],
    [{ lenient: 'yes' }, /Invalid lenient: got "yes"; expected true or false/],
    [{ seed: -1 }, /Invalid seed: got -1/],
    [{ folds: 3 }, /text data option "folds"/],
    [{ vocabularyFrom: 'test' }, /Invalid vocabularyFrom: got "test"; expected one of "train", "all"/],
  ])('rejects %j naming the option, value and range', async (options, message) => {
    const err = await rejection(loadTextFiles({ train: fixture('tiny.train') }, options as never));
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toMatch(message);
  });
  it('rejects bad file arguments and unknown dataset names', async () => {
    await expect(loadTextFiles({ train: '' })).rejects.toThrow(/Invalid files.train: got ""; expected a file path/);
    await expect(loadTextDataset('imdb' as never)).rejects.toThrow(/Invalid dataset name: got "imdb"; expected one of "trec", "trec-fine", "sst1", "sst2", "mr", "subj"/);
  });
});
