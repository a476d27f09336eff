import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { LAMBDA_FILE, LOG_FILE } from '@ampmix/report';
import { dirname, join, resolve } from 'node:path';
import { OutputError } from '@ampmix/trainer';
import { LOCK_FILE } from '@ampmix/trainer/node';

/** Files of a run folder (`--out`). */
export const RUN_FILES = {
  log: LOG_FILE,
  checkpoint: 'checkpoint',
  model: 'model',
  summary: 'summary.json',
  lambda: LAMBDA_FILE,
} as const;

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return 'notdir' as const;
    throw e;
  }
}

/**
 * Throws an {@link OutputError} unless a folder can be created (or written) at `dir`: it creates and
 * removes a probe folder in `dir` or its nearest existing ancestor, which also catches read-only file
 * systems and files in the way (as root, permission bits alone say little). Leaves nothing behind.
 */
export async function checkWritableDir(flag: string, dir: string): Promise<void> {
  const abs = resolve(dir);
  let at = abs;
  for (;;) {
    const st = await statOrNull(at);
    if (st && st !== 'notdir') {
      if (!st.isDirectory()) {
        throw new OutputError(at === abs ? `${flag} ${dir} is a file; expected a folder` : `${flag} ${dir} cannot be created: ${at} is a file, not a folder`);
      }
      break;
    }
    const up = dirname(at);
    if (up === at) throw new OutputError(`${flag} ${dir} cannot be created: no existing parent folder`);
    at = up;
  }
  let probe: string;
  try {
    probe = await mkdtemp(join(at, '.ampmix-probe-'));
  } catch (e) {
    throw new OutputError(`${flag} ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? String(e)} in ${at})`);
  }
  await rm(probe, { recursive: true, force: true });
}

/**
 * Checks `--out` before a run: writable; without `resume` new or empty (a folder holding a run needs
 * `--resume`); with `resume` it must hold a run. Creates nothing.
 */
export async function checkRunDir(dir: string, resume: boolean, flag = '--out'): Promise<void> {
  await checkWritableDir(flag, dir);
  const st = await statOrNull(resolve(dir));
  // the lock file is this process's own (taken before this check)
  const entries = st && st !== 'notdir' ? (await readdir(dir)).filter((n) => n !== LOCK_FILE) : null;
  if (resume) {
    if (!entries || !(entries.includes(RUN_FILES.checkpoint) || entries.includes(RUN_FILES.log))) {
      throw new OutputError(`--resume: ${flag} ${dir} holds no run to resume (no ${RUN_FILES.checkpoint}/ or ${RUN_FILES.log})`);
    }
    return;
  }
  if (entries && entries.length > 0) {
    throw new OutputError(
      entries.includes(RUN_FILES.log) || entries.includes(RUN_FILES.checkpoint)
        ? `${flag} ${dir} already holds a run; pass --resume to continue it, or choose a new folder`
        : `${flag} ${dir} exists and is not empty; choose a new or empty folder`,
    );
  }
}

/** What {@link createRunDir} made, so that {@link undoRunDir} can take it back. */
export interface CreatedRunDir {
  dir: string;
  /** The topmost folder created, or `null` when `dir` already existed (empty). */
  created: string | null;
}

/** Creates `dir` (and missing parents) for a new run. */
export async function createRunDir(dir: string): Promise<CreatedRunDir> {
  const abs = resolve(dir);
  return { dir: abs, created: (await mkdir(abs, { recursive: true })) ?? null };
}

/**
 * Removes what a failed new run wrote: the folders {@link createRunDir} created, or, when `dir` existed
 * (it was checked empty), everything in it.
 */
export async function undoRunDir(made: CreatedRunDir): Promise<void> {
  if (made.created) {
    await rm(made.created, { recursive: true, force: true });
    return;
  }
  for (const name of await readdir(made.dir).catch(() => [] as string[])) await rm(join(made.dir, name), { recursive: true, force: true });
}
