import fs from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AmpmixError } from '@ampmix/core';
import { OutputError } from '@ampmix/trainer';
import type { FolderLock } from '@ampmix/trainer/node';
import { acquireLock, listCheckpoints, LOCK_FILE, LockError, outputError } from '@ampmix/trainer/node';
import type { CliIO } from './io.js';
import { checkRunDir, checkWritableDir, RUN_FILES } from './run-dir.js';

/** A run folder this process holds: created (or found) and locked (`<out>/.lock`). */
export interface HeldRunDir {
  readonly dir: string;
  /** The topmost folder this process created, or `null` when `dir` existed. */
  readonly created: string | null;
  readonly lock: FolderLock;
}

/** A failed run: the first cause, what the CLI says about it, and secondary problems met while settling it. */
export class RunFailure extends AmpmixError {
  /** Secondary lines (cleanup that failed, a log line that could not be written), shown after the message. */
  readonly secondary: readonly string[];
  constructor(cause: unknown, message: string, secondary: readonly string[]) {
    super(cause instanceof AmpmixError ? cause.code : 'E_RUN', message);
    this.name = 'RunFailure';
    this.cause = cause;
    this.secondary = secondary;
  }
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');

/**
 * Takes `--out` for one process: checks it is writable, creates it when missing, takes its lock (a second
 * process on the folder is refused naming the holder; a stale lock of a dead process is taken over with a
 * warning on stderr), then checks its contents (new or empty without `resume`, holding a run with it). On
 * any refusal it releases the lock and removes only the folder it created.
 */
export async function holdRunDir(dir: string, resume: boolean, io: CliIO, purpose = 'ampmix train', flag = '--out'): Promise<HeldRunDir> {
  await checkWritableDir(flag, dir);
  const abs = resolve(dir);
  if (resume) await checkRunDir(dir, true, flag); // before creating anything
  const created = (await mkdir(abs, { recursive: true })) ?? null;
  let lock: FolderLock;
  try {
    lock = acquireLock(abs, {
      purpose,
      onStale: (h, path) => io.err(`[ampmix] warning: ${path} was left by ${h.purpose} (pid ${h.pid}, since ${h.since}), which is no longer running; taking the folder over`),
    });
  } catch (e) {
    if (created) await rm(created, { recursive: true, force: true });
    if (e instanceof LockError) {
      throw new OutputError(`${flag} ${dir} is in use${e.holder ? ` by ${e.holder.purpose} (pid ${e.holder.pid} on ${e.holder.host}, since ${e.holder.since})` : ''}: one process per run folder; wait for it to end or choose another folder (${e.message.replace(/^.*?(; |: )/, '')})`);
    }
    throw outputError(`the lock file of ${flag} ${dir}`, e);
  }
  try {
    await checkRunDir(dir, resume, flag);
  } catch (e) {
    lock.release();
    if (created) await rm(created, { recursive: true, force: true });
    throw e;
  }
  return { dir: abs, created, lock };
}

/** Steps a run folder shows it ran: the last `step` line of its log and its checkpoints. */
export function writtenSteps(dir: string): { lastLogged: number; checkpoints: number[] } {
  let lastLogged = 0;
  try {
    for (const line of fs.readFileSync(join(dir, RUN_FILES.log), 'utf8').split('\n')) {
      if (!line.includes('"type":"step"')) continue;
      try {
        const r = JSON.parse(line) as { type?: string; step?: number };
        if (r.type === 'step' && typeof r.step === 'number') lastLogged = Math.max(lastLogged, r.step);
      } catch {
        // a torn line
      }
    }
  } catch {
    // no log
  }
  let checkpoints: number[] = [];
  try {
    checkpoints = listCheckpoints(join(dir, RUN_FILES.checkpoint)).map((c) => c.step);
  } catch {
    // no checkpoint folder
  }
  return { lastLogged, checkpoints };
}

function lastLine(file: string): string | null {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.at(-1) ?? null;
  } catch {
    return null;
  }
}

/**
 * Settles the folder of a failed run (`before`: what it held when this process took it) and returns what
 * to tell the user. A run that wrote no step is
 * cleaned: the folder removed when this process created it, else the entries it made in it (it was
 * empty and locked). A run that wrote steps is kept: its log gets an `error` line naming the failure
 * (unless the trainer wrote one), and the advice says to `--resume` once the cause is fixed. Problems met
 * here (a read-only disk, a full one) become secondary lines; they never replace the first cause.
 */
export async function settleFailedRun(
  held: HeldRunDir,
  cause: unknown,
  before: ReturnType<typeof writtenSteps>,
): Promise<{ kept: boolean; advice: string; secondary: string[] }> {
  const secondary: string[] = [];
  const { lastLogged, checkpoints } = writtenSteps(held.dir);
  if (lastLogged === 0 && checkpoints.length === 0 && before.lastLogged === 0 && before.checkpoints.length === 0) {
    try {
      if (held.created) await rm(held.created, { recursive: true, force: true });
      else {
        for (const name of await readdir(held.dir)) if (name !== LOCK_FILE) await rm(join(held.dir, name), { recursive: true, force: true });
      }
    } catch (e) {
      secondary.push(`could not remove what the failed run wrote in ${held.dir}: ${errText(e)}`);
    }
    return { kept: false, advice: '', secondary };
  }
  // a refused --resume (nothing trained) leaves the folder as it was
  if (lastLogged === before.lastLogged && checkpoints.join() === before.checkpoints.join()) return { kept: true, advice: '', secondary };
  const log = join(held.dir, RUN_FILES.log);
  const last = lastLine(log);
  if (!last?.includes('"type":"error"')) {
    try {
      fs.appendFileSync(log, `${JSON.stringify({ type: 'error', step: lastLogged, message: errText(cause), by: 'ampmix' })}\n`);
    } catch (e) {
      secondary.push(`could not note the failure in ${log}: ${errText(e)}`);
    }
  }
  const saved = checkpoints.length
    ? `${checkpoints.length} checkpoint${checkpoints.length === 1 ? '' : 's'} up to step ${Math.max(...checkpoints)}`
    : 'no checkpoint yet, so a resume starts again from step 1';
  return {
    kept: true,
    advice: `the run folder ${held.dir} is kept (log.jsonl to step ${lastLogged}, ${saved}): once the cause is fixed, continue with \`ampmix train --out ${held.dir} --resume\` and the same flags`,
    secondary,
  };
}

/** Releases the lock of `held`; a failure becomes a secondary line. */
export function releaseRunDir(held: HeldRunDir, secondary: string[]): void {
  try {
    held.lock.release();
  } catch (e) {
    secondary.push(`could not remove the lock ${held.lock.path} (${errText(e)}); the next run here takes it over`);
  }
}

