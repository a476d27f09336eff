import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATASET_FILES } from '../files.js';
import type { DatasetFileName } from '../files.js';

// dist/node/index.{js,cjs} (or src/node/paths.ts in tests) → the package root's data/
const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of this package's `data/` folder. */
export const DATASETS_DIR: string = join(here, '..', '..', 'data');

/** Absolute path of one shipped file; throws for a name this package does not ship, listing the names. */
export function datasetFilePath(name: DatasetFileName): string {
  if (!Object.hasOwn(DATASET_FILES, name)) {
    throw new Error(`@ampmix/datasets ships no file ${JSON.stringify(name)}; valid: ${Object.keys(DATASET_FILES).join(', ')}`);
  }
  return join(DATASETS_DIR, name);
}

/** Reads a shipped file and checks its size and SHA-256 against {@link DATASET_FILES}; throws on a mismatch. */
export function verifyDatasetFile(name: DatasetFileName): void {
  const bytes = readFileSync(datasetFilePath(name));
  const want = DATASET_FILES[name];
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== want.bytes || sha256 !== want.sha256) {
    throw new Error(`${datasetFilePath(name)}: ${bytes.length} bytes, sha256 ${sha256}; expected ${want.bytes} bytes, sha256 ${want.sha256} (a damaged install: reinstall @ampmix/datasets)`);
  }
}
