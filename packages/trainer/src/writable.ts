import fs from 'node:fs';
import path from 'node:path';
import { OptionError } from '@ampmix/core';

function problem(target: string, kind: 'file' | 'directory'): string | null {
  const abs = path.resolve(target);
  if (fs.existsSync(abs)) {
    const isDir = fs.statSync(abs).isDirectory();
    if (kind === 'file' && isDir) return `${abs} is a directory`;
    if (kind === 'directory' && !isDir) return `${abs} exists and is not a directory`;
    try {
      fs.accessSync(abs, fs.constants.W_OK);
    } catch {
      return `${abs} is not writable`;
    }
    return null;
  }
  // the nearest existing ancestor must be a writable directory (the rest is created)
  let dir = path.dirname(abs);
  while (!fs.existsSync(dir)) {
    const up = path.dirname(dir);
    if (up === dir) return `no existing ancestor of ${abs}`;
    dir = up;
  }
  if (!fs.statSync(dir).isDirectory()) return `${dir} is not a directory`;
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return `${dir} is not writable`;
  }
  return null;
}

/**
 * Throws an {@link OptionError} naming `option` unless `target` can be written as a `kind` (it exists
 * and is writable, or its nearest existing ancestor is a writable directory). Creates nothing, so a
 * run that fails here leaves nothing behind.
 */
export function assertWritable(option: string, target: string, kind: 'file' | 'directory'): void {
  const why = problem(target, kind);
  if (why) throw new OptionError(option, target, `a writable ${kind} path (${why})`);
}
