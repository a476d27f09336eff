import fs from 'node:fs';
import path from 'node:path';
import { OptionError } from '@ampmix/core';
import { errnoCode } from '../output-error.js';

/** Options of {@link assertWritable}. */
export interface AssertWritableOptions {
  /** Bytes that must be free on the target's file system (checked with `statfs`); default 0 (only the write test). */
  minFreeBytes?: number;
}

/** A byte count for messages: `512 bytes`, `129 KiB`, `1.5 MiB`, `2.0 GiB`. */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 ** 2) return `${Math.ceil(n / 1024)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

const noSpace = (code: string | null) => code === 'ENOSPC' || code === 'EDQUOT';

function removeProbe(probe: string): void {
  try {
    fs.rmSync(probe, { recursive: true, force: true });
  } catch {
    try {
      fs.rmdirSync(probe); // pseudo file systems (cgroupfs) fill a new folder with files that cannot be removed
    } catch {
      // nothing more to do: the probe is an empty hidden folder
    }
  }
}

/**
 * Writes a one-byte file in a fresh temporary folder inside `dir` and removes both: a real write test
 * (`access(2)` says yes to root even on `/proc` or a read-only mount). Returns why it failed, or `null`.
 */
function probe(dir: string): { why: string; full: boolean } | null {
  let tmp: string;
  try {
    tmp = fs.mkdtempSync(path.join(dir, '.ampmix-probe-'));
  } catch (e) {
    const code = errnoCode(e);
    if (noSpace(code)) return { why: `no space left on the device: a test write in ${dir} failed with ${code}`, full: true };
    return { why: `${dir} is not writable`, full: false };
  }
  try {
    const fd = fs.openSync(path.join(tmp, 'probe'), 'w');
    try {
      fs.writeSync(fd, 'x');
    } finally {
      fs.closeSync(fd);
    }
    return null;
  } catch (e) {
    const code = errnoCode(e);
    if (noSpace(code)) return { why: `no space left on the device: a test write in ${dir} failed with ${code}`, full: true };
    return { why: `${dir} cannot hold files (${code ?? String(e)})`, full: false };
  } finally {
    removeProbe(tmp);
  }
}

/** Free bytes for an unprivileged writer on the file system of `dir`, or `null` when it cannot tell. */
function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    // file systems that report no size at all (some network and FUSE ones) cannot be judged
    return s.blocks > 0 ? s.bavail * s.bsize : null;
  } catch {
    return null;
  }
}

function problem(target: string, kind: 'file' | 'directory', minFree: number): { why: string; full: boolean } | null {
  const abs = path.resolve(target);
  // the folder where the target's files go (and the write test runs)
  let dir: string;
  let test = true;
  if (fs.existsSync(abs)) {
    const isDir = fs.statSync(abs).isDirectory();
    if (kind === 'file' && isDir) return { why: `${abs} is a directory`, full: false };
    if (kind === 'directory' && !isDir) return { why: `${abs} exists and is not a directory`, full: false };
    if (kind === 'file') {
      // an existing file (a resumed log): opened for writing, unchanged; its folder need not be writable
      try {
        fs.closeSync(fs.openSync(abs, 'r+'));
      } catch {
        return { why: `${abs} is not writable`, full: false };
      }
      dir = path.dirname(abs);
      test = false;
    } else {
      dir = abs;
    }
  } else {
    // the nearest existing ancestor must be a writable directory (the rest is created)
    dir = path.dirname(abs);
    while (!fs.existsSync(dir)) {
      const up = path.dirname(dir);
      if (up === dir) return { why: `no existing ancestor of ${abs}`, full: false };
      dir = up;
    }
    if (!fs.statSync(dir).isDirectory()) return { why: `${dir} is not a directory`, full: false };
  }
  if (test) {
    const failed = probe(dir);
    if (failed) return failed;
  }
  if (minFree > 0) {
    const free = freeBytes(dir);
    if (free !== null && free < minFree) return { why: `no space left on the device: ${formatBytes(free)} free in ${dir}`, full: true };
  }
  return null;
}

/**
 * Throws an {@link OptionError} naming `option` unless `target` can be written as a `kind`: the folder
 * it goes in (the nearest existing one) passes a real write test — a temporary folder and file are
 * created and removed, so `/proc`, read-only mounts and full disks are caught even as root — and, with
 * `minFreeBytes`, its file system has that many bytes free. Leaves nothing behind, so a run that fails
 * here has created nothing.
 */
export function assertWritable(option: string, target: string, kind: 'file' | 'directory', options: AssertWritableOptions = {}): void {
  const minFree = options.minFreeBytes ?? 0;
  const failed = problem(target, kind, minFree);
  if (!failed) return;
  const room = failed.full && minFree > 0 ? ` with at least ${formatBytes(minFree)} free` : '';
  throw new OptionError(option, target, `a writable ${kind} path${room} (${failed.why})`);
}
