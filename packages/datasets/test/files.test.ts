import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITATIONS, DATASET_FILES } from '../src/index.js';
import type { DatasetFileName } from '../src/index.js';
import { DATASETS_DIR, datasetFilePath, verifyDatasetFile } from '../src/node/index.js';

describe('@ampmix/datasets', () => {
  it('ships exactly the listed files', () => {
    expect(readdirSync(DATASETS_DIR).sort()).toEqual(Object.keys(DATASET_FILES).sort());
  });
  it.each(Object.keys(DATASET_FILES) as DatasetFileName[])('%s matches its size and SHA-256', (name) => {
    expect(() => verifyDatasetFile(name)).not.toThrow();
  });
  it('every file has a citation', () => {
    const cited = CITATIONS.flatMap((c) => c.files).sort();
    expect(cited).toEqual(Object.keys(DATASET_FILES).sort());
  });
  it('refuses a file it does not ship, naming the valid ones', () => {
    expect(() => datasetFilePath('nope.txt' as DatasetFileName)).toThrow(/ships no file "nope.txt"; valid: TREC.test.all/);
  });
});
