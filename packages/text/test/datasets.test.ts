import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASETS, DataError } from '../src/index.js';
import { loadTextDataset, readLabelledLines, resolveDataDir } from '../src/node/index.js';
import type { DatasetName } from '../src/index.js';
import { rejection, repoDatasets } from './helpers.js';

/** Per-label line counts of a shipped file, straight from its bytes (independent of the reader). */
function fileCounts(name: string): Map<string, number> {
  const text = readFileSync(join(repoDatasets, name), 'latin1');
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const label = line.slice(0, line.indexOf(' '));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('the shipped datasets', () => {
  it('are found through @ampmix/datasets', async () => {
    expect(await resolveDataDir()).toBe(join(repoDatasets, '.').replace(/\/$/, ''));
  });

  it.each([
    ['trec', 'TREC.train.all', 'TREC.test.all', 6],
    ['trec-fine', 'raw-TREC.train', 'raw-TREC.test', 50],
  ] as const)('%s: train + dev = the train file, stratified dev of round(10%%) per class, the test file', async (name, trainFile, testFile, classes) => {
    const d = await loadTextDataset(name);
    const counts = fileCounts(trainFile);
    expect(d.numClasses).toBe(classes);
    expect(counts.size).toBe(classes);
    expect(d.summary.train + d.summary.dev).toBe(total(counts));
    expect(d.summary.test).toBe(total(fileCounts(testFile)));
    const devPerClass = d.labelNames.map((_, k) => d.dev.labels.filter((l) => l === k).length);
    const label = (k: number) => (name === 'trec' ? String(k) : d.labelNames[k]);
    expect(devPerClass).toEqual(d.labelNames.map((_, k) => Math.min(counts.get(label(k))! - 1, Math.round(counts.get(label(k))! * 0.1))));
    expect(d.summary.skipped).toBe(0);
  });

  it.each([
    ['sst1', 'stsa.fine', 5],
    ['sst2', 'stsa.binary', 2],
  ] as const)('%s: its own train/dev/test files', async (name, prefix, classes) => {
    const d = await loadTextDataset(name);
    expect(d.summary.train).toBe(total(fileCounts(`${prefix}.train`)));
    expect(d.summary.dev).toBe(total(fileCounts(`${prefix}.dev`)));
    expect(d.summary.test).toBe(total(fileCounts(`${prefix}.test`)));
    expect(d.numClasses).toBe(classes);
    expect(d.maxLength).toBe(51); // longest cleaned training sentence, under the cap
  });

  it.each([
    ['mr', 'rt-polarity.all'],
    ['subj', 'subj.all'],
  ] as const)('%s: fold 3 of a stratified 10-fold CV, test = ⌊n/10⌋ or ⌈n/10⌉ per class', async (name, file) => {
    const d = await loadTextDataset(name, { fold: 3 });
    const counts = fileCounts(file);
    expect(d.summary.train + d.summary.dev + d.summary.test).toBe(total(counts));
    for (const [label, n] of counts) {
      const inTest = d.test.labels.filter((l) => l === Number(label)).length;
      expect([Math.floor(n / 10), Math.ceil(n / 10)]).toContain(inTest);
    }
    expect(d.maxLength).toBeLessThanOrEqual(100);
  });

  it('sizes summary (documented in datasets/README.md)', async () => {
    const rows: Record<string, unknown> = {};
    for (const name of Object.keys(DATASETS) as DatasetName[]) {
      const { summary, numClasses } = await loadTextDataset(name);
      rows[name] = [summary.train, summary.dev, summary.test, numClasses, summary.vocabulary, summary.maxLength];
    }
    expect(rows).toEqual({
      trec: [4906, 546, 500, 6, 8678, 37],
      'trec-fine': [4905, 547, 500, 50, 8689, 37],
      sst1: [8544, 1101, 2210, 5, 15339, 51],
      sst2: [6920, 872, 1821, 2, 13840, 51],
      mr: [8635, 960, 1067, 2, 17106, 56],
      subj: [8100, 900, 1000, 2, 19342, 100],
    });
  });

  it('TREC coarse label k is the COARSE part of raw-TREC, line by line; TREC is kept cased, MR lower-cased', async () => {
    const coarse = await readLabelledLines(join(repoDatasets, 'TREC.train.all'), { encoding: 'windows-1252' });
    const fine = await readLabelledLines(join(repoDatasets, 'raw-TREC.train'), { encoding: 'windows-1252' });
    const names = DATASETS.trec.labelNames!;
    expect(coarse.lines.map((l) => names[Number(l.label)])).toEqual(fine.lines.map((l) => l.label.split(':')[0]));
    const trec = await loadTextDataset('trec');
    expect(trec.vocab.has('What')).toBe(true);
    const mr = await loadTextDataset('mr');
    expect(mr.vocab.words.slice(2).some((w) => w !== w.toLowerCase())).toBe(false);
  });
});

describe('the shipped files\u2019 encodings', () => {
  it('SST files are valid UTF-8 (strict reading passes)', async () => {
    for (const f of ['stsa.fine.train', 'stsa.fine.dev', 'stsa.fine.test', 'stsa.binary.train', 'stsa.binary.dev', 'stsa.binary.test']) {
      const r = await readLabelledLines(join(repoDatasets, f));
      expect(r.lines.length).toBe(total(fileCounts(f)));
    }
  });
  it('MR, SUBJ and TREC train are not UTF-8 (strict reading names the first bad line) but Windows-1252', async () => {
    const err = await rejection(readLabelledLines(join(repoDatasets, 'rt-polarity.all')));
    expect(err).toBeInstanceOf(DataError);
    expect(err.line).toBe(32);
    expect((await rejection(readLabelledLines(join(repoDatasets, 'subj.all')))).problem).toBe('encoding');
    expect((await rejection(readLabelledLines(join(repoDatasets, 'TREC.train.all')))).line).toBe(66);
    const mr = await readLabelledLines(join(repoDatasets, 'rt-polarity.all'), { encoding: 'windows-1252' });
    expect(mr.lines[31].text).toBe('the action clichés just pile up .');
    // 0x85, 0x91, 0x96, 0x97 are Windows-1252 punctuation (…, ‘, –, —), C1 controls in ISO-8859-1
    const text = mr.lines.map((l) => l.text).join('\n');
    for (const ch of ['\u2026', '\u2018', '\u2013', '\u2014']) expect(text).toContain(ch);
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });
});

describe('data directory', () => {
  const saved = process.env.AMPMIX_DATA_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.AMPMIX_DATA_DIR;
    else process.env.AMPMIX_DATA_DIR = saved;
  });
  it('honours AMPMIX_DATA_DIR, and an explicit dataDir over it', async () => {
    process.env.AMPMIX_DATA_DIR = '/nonexistent/ampmix-data';
    expect(await resolveDataDir()).toBe('/nonexistent/ampmix-data');
    const err = await rejection(loadTextDataset('trec'));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/\/nonexistent\/ampmix-data\/TREC\.train\.all: cannot read the file: no such file/);
    const d = await loadTextDataset('sst2', { dataDir: repoDatasets });
    expect(d.summary.test).toBe(1821);
  });
});
