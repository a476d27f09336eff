import { resolve } from 'node:path';
import { DataError } from '../errors.js';

/**
 * The folder of the benchmark files: `dataDir` when given (the CLI's `--data-dir`), else the
 * `AMPMIX_DATA_DIR` environment variable, else the folder that `@ampmix/datasets` ships (found through the
 * package, never by walking up folders).
 */
export async function resolveDataDir(dataDir?: string): Promise<string> {
  if (dataDir !== undefined) return resolve(dataDir);
  const env = process.env.AMPMIX_DATA_DIR;
  if (env) return resolve(env);
  try {
    const { DATASETS_DIR } = (await import('@ampmix/datasets/node')) as { DATASETS_DIR: string };
    return DATASETS_DIR;
  } catch {
    throw new DataError(
      '@ampmix/datasets',
      0,
      'unreadable',
      'the shipped datasets are in the package @ampmix/datasets, which is not installed: `npm install @ampmix/datasets`, or point dataDir (the CLI\'s --data-dir) at a folder holding the files',
    );
  }
}
