import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates `dir` and its missing parents, one level at a time. Unlike `fs.mkdirSync(dir, { recursive: true })`,
 * which Node retries forever on file systems that answer ENOENT for a folder whose parent exists (`/proc`
 * as root), this fails at once with the error of the first level that cannot be created.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      // created meanwhile by someone else: fine when it is a folder
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw e;
    }
  }
  // an existing path that is not a folder fails as mkdir would
  if (!missing.length && !fs.statSync(at).isDirectory()) throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${at}'`), { code: 'EEXIST', syscall: 'mkdir', path: at });
}
