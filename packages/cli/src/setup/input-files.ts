import { stat } from 'node:fs/promises';
import { AmpmixError } from '@ampmix/core';
import type { RunConfig } from '../config.js';

/** A data or embeddings file named on the command line that does not exist or is not a file. */
export class InputFileError extends AmpmixError {
  constructor(message: string) {
    super('E_INPUT_FILE', message);
    this.name = 'InputFileError';
  }
}

/** Throws an {@link InputFileError} naming `flag` unless `path` is a readable file (or folder with `dir`). */
export async function checkInputPath(flag: string, path: string, dir = false): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(code === 'ENOENT' ? `${flag} ${path}: no such ${dir ? 'folder' : 'file'}` : `${flag} ${path}: cannot be read (${code})`);
  }
  if (dir && !st.isDirectory()) throw new InputFileError(`${flag} ${path} is not a folder`);
  if (!dir && !st.isFile()) throw new InputFileError(`${flag} ${path} is not a file`);
}

/** Checks every file the config names (data files, data folder, a GloVe file) before anything is loaded or written. */
export async function checkInputFiles(config: RunConfig): Promise<void> {
  const { files, dataDir } = config.data;
  if (files) {
    await checkInputPath('--train-file', files.train);
    if (files.dev) await checkInputPath('--dev-file', files.dev);
    if (files.test) await checkInputPath('--test-file', files.test);
  }
  if (dataDir) await checkInputPath('--data-dir', dataDir, true);
  const emb = config.model.embeddings;
  if (emb && emb !== 'random' && emb !== 'wink') await checkInputPath('--embeddings', emb);
}
