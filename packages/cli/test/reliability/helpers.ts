import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, vi } from 'vitest';
import type { Dataset, MixableModel, MixMethod } from '@ampmix/core';
import { betaPolicy, createMlp, linearMixer, Rng } from '@ampmix/core';

/** The trainer package root (packages/trainer): the child script imports its build. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../trainer/', import.meta.url));
/** The built trainer (`npx tsup`; `npm test` builds it before testing). */
export const DIST_INDEX = path.join(PACKAGE_ROOT, 'dist', 'node', 'index.js');
/** The child-process training script (imports the BUILT trainer). */
export const CHILD_SCRIPT = fileURLToPath(new URL('./child/train-child.mjs', import.meta.url));

// the CLI tests' fixtures, flags and in-process runner (which also asserts that no tensors are left behind)
export { FIXTURES, runCli, TINY } from '../helpers/run-cli.js';
export type { CliRun } from '../helpers/run-cli.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the importing test file. */
export function tmpDir(prefix = 'ampmix-rel-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `text` to `name` in a fresh temporary directory and returns its path. */
export function tmpFile(name: string, text: string): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Three Gaussian blobs in 4-d (seeded), a Dataset of [B, 4] float rows. */
export function blobs(n: number, seed: number): Dataset<tf.Tensor> {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    rows.push(Array.from({ length: 4 }, (_, d) => (d === c ? 2 : 0) + rng.normal()));
    labels.push(c);
  }
  const lab = Int32Array.from(labels);
  return {
    size: n,
    numClasses: 3,
    labels: lab,
    batch(indices) {
      const idx = Array.from(indices);
      return { inputs: tf.tensor2d(idx.map((i) => rows[i]), [idx.length, 4]), labels: tf.tensor1d(idx.map((i) => lab[i]), 'int32') };
    },
  };
}

/** A tiny tanh MLP 4 → 8 → 3. */
export function mlp(seed = 1, dropout = 0): MixableModel<tf.Tensor> {
  return createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed, dropout, activation: 'tanh' });
}

/** Input Mixup with the core's Beta policy and linear mixer. */
export function mixup(): MixMethod {
  return { name: 'mixup', policy: betaPolicy({ alpha: 1 }), mixer: linearMixer };
}

/** The weights' values by name. */
export function values(model: MixableModel<unknown>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, Array.from(w.dataSync())]));
}

/** Reads a JSONL file, ignoring a torn last line (a writer killed mid-line). */
export function readLines(file: string): Record<string, unknown>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const out: Record<string, unknown>[] = [];
  lines.forEach((l, i) => {
    try {
      out.push(JSON.parse(l) as Record<string, unknown>);
    } catch (e) {
      if (i !== lines.length - 1) throw e;
    }
  });
  return out;
}

/** Every file under `dir` (relative path → SHA-256), to prove a failed command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, rel);
    const st = fs.statSync(abs);
    out[rel] = st.isDirectory() ? 'dir' : createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
  }
  return out;
}


/** A stack-trace line (`    at fn (file:line:col)`). */
export const STACK_LINE = /^\s+at\s/m;

/** Whether this process can really be stopped from writing by permission bits (false as root). */
export function permissionsBindUs(): boolean {
  const dir = tmpDir('ampmix-perm-');
  fs.chmodSync(dir, 0o500);
  try {
    fs.writeFileSync(path.join(dir, 'probe'), 'x');
    return false;
  } catch {
    return true;
  } finally {
    fs.chmodSync(dir, 0o700);
  }
}

/** A mounted tmpfs (or `null` when mounting is not permitted). `release` unmounts it and removes the folder. */
export interface Tmpfs {
  dir: string;
  release(): void;
}

/** Mounts a tmpfs of `sizeKiB` (read-only with `readOnly`); `null` when `mount` is not permitted here. */
export function mountTmpfs(sizeKiB: number, readOnly = false): Tmpfs | null {
  // AMPMIX_TEST_NO_MOUNT=1 exercises the fallbacks on a machine where mount works
  if (process.platform !== 'linux' || process.env.AMPMIX_TEST_NO_MOUNT) return null;
  const dir = tmpDir('ampmix-mnt-');
  const opts = `${readOnly ? 'ro,' : ''}size=${sizeKiB}k`;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  let mounted = true;
  return {
    dir,
    release() {
      if (!mounted) return;
      mounted = false;
      spawnSync('umount', [dir]);
    },
  };
}

/** Fills the file system of `dir` until a write fails with ENOSPC (a file `filler` in `dir`). */
export function fillUp(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/** What the child training script printed: its last JSON line. */
export interface ChildReport {
  ok: boolean;
  began: boolean;
  losses: [number, number][];
  weights?: Record<string, number[]>;
  error?: { name: string; code?: string; message: string };
}

/** Options of the child training script (see child/train-child.mjs). */
export interface ChildOptions {
  checkpointDir?: string;
  logFile?: string;
  steps: number;
  resume?: boolean;
}

/** Starts the child training script on the BUILT trainer; resolves with its exit and report. */
export function startChild(options: ChildOptions): {
  child: ReturnType<typeof spawn>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; report: ChildReport | null; stderr: string; stdout: string }>;
} {
  const child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; report: ChildReport | null; stderr: string; stdout: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      // stdout may still be draining after 'exit'
      setImmediate(() => {
        const last = stdout.trim().split('\n').filter((l) => l.startsWith('{"final":true')).at(-1);
        resolve({ code, signal, report: last ? (JSON.parse(last) as ChildReport) : null, stderr, stdout });
      });
    });
  });
  return { child, done };
}

/** Waits for `check` to hold, polling every `everyMs`; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Simulated full disk (used where `mount` is not permitted): files opened under `dir` through `fs.openSync`
 * share `budget` bytes allocated in 4 KiB pages, as on a tmpfs (a write that fits in a file's last page
 * needs no new space; creating files and folders needs none); a write that needs more pages than are left
 * fails with ENOSPC. The trainer writes logs and checkpoints through these two calls. Returns the function
 * that restores them.
 */
export function simulateQuota(dir: string, budget: number): () => void {
  const PAGE = 4096;
  const root = path.resolve(dir) + path.sep;
  const sizes = new Map<number, number>();
  let left = Math.floor(budget / PAGE);
  const realOpen = fs.openSync;
  const realWrite = fs.writeSync;
  const open = vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
    const fd = (realOpen as (...a: unknown[]) => number)(p, ...rest);
    if (path.resolve(String(p)).startsWith(root)) sizes.set(fd, rest[0] === 'a' ? fs.fstatSync(fd).size : 0);
    return fd;
  }) as typeof fs.openSync);
  const write = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
    const size = sizes.get(fd);
    if (size !== undefined) {
      const n = typeof data === 'string' ? Buffer.byteLength(data) : typeof rest[1] === 'number' ? rest[1] : (data as Uint8Array).byteLength;
      const pages = Math.ceil((size + n) / PAGE) - Math.ceil(size / PAGE);
      if (pages > left) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      left -= pages;
      sizes.set(fd, size + n);
    }
    return (realWrite as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync);
  return () => {
    open.mockRestore();
    write.mockRestore();
  };
}
