import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../errors.js';

/** A file every copy of the datasets folder has; marks the folder when searching for it. */
const MARKER = 'TREC.train.all';

function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/**
 * The folder of the shipped datasets: `dataDir` when given, else the `AMPMIX_DATA_DIR` environment
 * variable, else the nearest `datasets/` folder above this package's own file (the repository's, whether
 * running from `src` or the built `dist`), else `./datasets` under the working directory.
 */
export function resolveDataDir(dataDir?: string): string {
  if (dataDir !== undefined) return resolve(dataDir);
  const env = process.env.AMPMIX_DATA_DIR;
  if (env) return resolve(env);
  let dir = moduleDir();
  while (dir) {
    const candidate = join(dir, 'datasets');
    if (existsSync(join(candidate, MARKER))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const cwd = resolve('datasets');
  if (existsSync(join(cwd, MARKER))) return cwd;
  throw new DataError(
    'datasets',
    0,
    'unreadable',
    'cannot find the datasets folder (looked above the package and in the working directory); pass dataDir or set AMPMIX_DATA_DIR',
  );
}
