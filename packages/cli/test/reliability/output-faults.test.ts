import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { AmpmixError, createMlp, OptionError } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';
import { disposeCheckpoint, loadCheckpoint } from '@ampmix/trainer/node';
import { checkpointName, listCheckpoints } from '@ampmix/trainer/node';
import type { Tmpfs } from './helpers.js';
import {
  blobs, fillUp, mixup, mlp, mountTmpfs, permissionsBindUs, readLines, runCli, simulateQuota, snapshot, STACK_LINE, startChild, TINY, tmpDir,
  tmpFile,
} from './helpers.js';

const trainSet = blobs(30, 21);
const base = { train: trainSet, method: mixup(), amp: {}, steps: 4, batchSize: 8, checkpointEvery: 1, progress: 'none' as const };

/**
 * A folder this process cannot write: chmod 0o500 where permission bits bind us; as root (where they do
 * not) a read-only tmpfs; where mounting is not permitted either, a path below a regular file (ENOTDIR).
 */
function readOnlyFolder(): { dir: string; how: 'chmod' | 'ro-tmpfs' | 'under-a-file'; blocker: string; release(): void } {
  if (permissionsBindUs()) {
    const dir = tmpDir();
    fs.chmodSync(dir, 0o500);
    return { dir, how: 'chmod', blocker: dir, release: () => fs.chmodSync(dir, 0o700) };
  }
  const m = mountTmpfs(64, true);
  if (m) return { dir: m.dir, how: 'ro-tmpfs', blocker: m.dir, release: () => m.release() };
  const file = tmpFile('a-file', 'x');
  return { dir: path.join(file, 'out'), how: 'under-a-file', blocker: file, release: () => {} };
}

/** A full output folder: a filled 64 KiB tmpfs, or (mount not permitted) a simulated quota of 0 bytes. */
function fullFolder(): { dir: string; release(): void; simulated: boolean } {
  const m: Tmpfs | null = mountTmpfs(64);
  if (m) {
    fillUp(m.dir);
    return { dir: m.dir, release: () => m.release(), simulated: false };
  }
  const dir = tmpDir();
  return { dir, release: simulateQuota(dir, 0), simulated: true };
}

describe('a read-only output folder', () => {
  it('train(): fails before training with an OptionError naming logFile / checkpointDir; creates nothing', async () => {
    const before = tf.memory().numTensors;
    const ro = readOnlyFolder();
    try {
      const model = mlp(2);
      const begin = vi.fn();
      const why = ro.how === 'under-a-file' ? `${ro.blocker} is not a directory` : `${ro.blocker} is not writable`;
      const logFile = path.join(ro.dir, 'run.jsonl');
      const checkpointDir = path.join(ro.dir, 'ckpt');
      await expect(train({ ...base, model, logFile, callbacks: { onTrainBegin: begin } })).rejects.toThrow(
        new OptionError('logFile', logFile, `a writable file path (${why})`).message,
      );
      await expect(train({ ...base, model, checkpointDir, callbacks: { onTrainBegin: begin } })).rejects.toThrow(
        new OptionError('checkpointDir', checkpointDir, `a writable directory path (${why})`).message,
      );
      expect(begin).not.toHaveBeenCalled();
      if (ro.how !== 'under-a-file') expect(fs.readdirSync(ro.dir)).toEqual([]);
      model.dispose();
    } finally {
      ro.release();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ampmix train --out: one line, exit 1, no stack, nothing written', async () => {
    const ro = readOnlyFolder();
    try {
      const out = path.join(ro.dir, 'run');
      const r = await runCli(['train', ...TINY, '--steps', '1', '--out', out]);
      expect(r.code).toBe(1);
      expect(r.err).not.toMatch(STACK_LINE);
      expect(r.errors).toEqual([
        ro.how === 'under-a-file'
          ? `ampmix train: --out ${out} cannot be created: ${ro.blocker} is a file, not a folder`
          : `ampmix train: --out ${out} is not writable (${ro.how === 'chmod' ? 'EACCES' : 'EROFS'} in ${ro.blocker})`,
      ]);
      if (ro.how !== 'under-a-file') expect(fs.readdirSync(ro.dir)).toEqual([]);
    } finally {
      ro.release();
    }
  });

  it('ampmix train --out under /proc (unwritable even for root): one line, exit 1, nothing written', async () => {
    const out = `/proc/ampmix-reliability-${process.pid}/run`;
    const r = await runCli(['train', ...TINY, '--steps', '1', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(new RegExp(`^ampmix train: --out ${out} is not writable \\(E[A-Z]+ in /proc\\)$`));
  });

  // As root, access(2) says /proc is writable, and Node's recursive mkdir loops forever there (ENOENT for a path
  // whose parent exists): the pre-flight check must really write. Run in a child process so a hang can be killed.
  it('train() with checkpointDir under /proc: fails before training instead of hanging', async () => {
    const child = startChild({ checkpointDir: `/proc/ampmix-reliability-${process.pid}/ckpt`, steps: 3 });
    const timer = setTimeout(() => child.child.kill('SIGKILL'), 15_000);
    const r = await child.done;
    clearTimeout(timer);
    expect(r.signal, `the run hung (killed after 15 s); it had ${r.stdout.includes('"began"') ? '' : 'not '}begun training`).toBe(null);
    expect(r.report?.began).toBe(false);
    expect(r.report?.error?.name).toBe('OptionError');
    expect(r.report?.error?.message).toMatch(/^Invalid checkpointDir: got "\/proc\/.*"; expected a writable directory path/);
  }, 30_000);
});

describe('a full output folder', () => {
  // Without a free-space check before training, the raw ENOSPC of the first write would surface (naming no file
  // or option), an empty run.jsonl would be left behind, and with a checkpoint folder alone training would start
  // and its steps be lost at the first checkpoint.
  it('train(): fails before training with an error naming the option and "no space left"; creates nothing', async () => {
    const before = tf.memory().numTensors;
    const full = fullFolder();
    try {
      const begin = vi.fn();
      const model = mlp(3);
      const logFile = path.join(full.dir, 'run', 'run.jsonl');
      const checkpointDir = path.join(full.dir, 'run', 'ckpt');
      const both = await train({ ...base, model, logFile, checkpointDir, callbacks: { onTrainBegin: begin } }).catch((e: Error) => e);
      const ckptOnly = await train({ ...base, model, checkpointDir, callbacks: { onTrainBegin: begin } }).catch((e: Error) => e);
      const left = fs.readdirSync(full.dir, { recursive: true });
      model.dispose();
      expect(both).toBeInstanceOf(OptionError);
      expect((both as Error).message).toMatch(/^Invalid (logFile|checkpointDir): .*no space left/);
      expect(ckptOnly).toBeInstanceOf(OptionError);
      expect((ckptOnly as Error).message).toMatch(/^Invalid checkpointDir: .*no space left/);
      expect(begin).not.toHaveBeenCalled();
      expect(left).toEqual(full.simulated ? [] : ['filler']);
    } finally {
      full.release();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('train(): refuses a folder with less free space than one checkpoint (4 × the weights + 64 KiB), creating nothing', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    // a file system with 40 KiB free: enough for the log (16 KiB), not for a checkpoint of the 4 → 8 → 3 MLP
    const statfs = vi.spyOn(fs, 'statfsSync').mockImplementation((() => ({ type: 0x01021994, bsize: 4096, blocks: 1000, bfree: 10, bavail: 10, files: 100, ffree: 50 })) as unknown as typeof fs.statfsSync);
    const model = mlp(3);
    try {
      const begin = vi.fn();
      const checkpointDir = path.join(dir, 'ckpt');
      const err = await train({ ...base, model, logFile: path.join(dir, 'run.jsonl'), checkpointDir, callbacks: { onTrainBegin: begin } }).catch((e: Error) => e);
      const weightBytes = 4 * ((4 * 8 + 8) + (8 * 3 + 3)); // float32 W1, b1, W2, b2
      const need = Math.ceil((4 * weightBytes + 64 * 1024) / 1024);
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toBe(
        new OptionError('checkpointDir', checkpointDir, `a writable directory path with at least ${need} KiB free (no space left on the device: 40 KiB free in ${dir})`).message,
      );
      expect(begin).not.toHaveBeenCalled();
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      statfs.mockRestore();
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ampmix train --out: one line, exit 1, no stack, nothing written', async () => {
    const full = fullFolder();
    try {
      const out = path.join(full.dir, 'run');
      const r = await runCli(['train', ...TINY, '--steps', '2', '--out', out]);
      expect(r.code).toBe(1);
      expect(r.err).not.toMatch(STACK_LINE);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(/^ampmix train: .*no space left on the device/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      full.release();
    }
  });

  it('ampmix train --out: the message names the full folder', async () => {
    const full = fullFolder();
    try {
      const out = path.join(full.dir, 'run');
      const r = await runCli(['train', ...TINY, '--steps', '2', '--out', out]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toContain(out);
    } finally {
      full.release();
    }
  });

  it('filling up mid-run: the run stops, the previous good checkpoints are kept and load, no temporary folder is left', async () => {
    const before = tf.memory().numTensors;
    // checkpoints of ≈ 70 KiB (a 4 → 512 → 3 MLP with Adam and best weights): two fit in 192 KiB, the third does not
    const m = mountTmpfs(192);
    const dir = m ? m.dir : tmpDir();
    const release = m ? () => m.release() : simulateQuota(dir, 192 * 1024);
    try {
      const model = createMlp({ inputSize: 4, hiddenSizes: [512], numClasses: 3, seed: 4 });
      const checkpointDir = path.join(dir, 'ckpt');
      const logFile = path.join(dir, 'run.jsonl');
      let last = 0;
      const err = await train({ ...base, steps: 50, model, logFile, checkpointDir, callbacks: { onBatchEnd: (s) => void (last = s) } }).catch((e: Error) => e);
      model.dispose();
      // the error names the checkpoint that did not fit and the cause
      expect(err).toBeInstanceOf(AmpmixError);
      expect((err as AmpmixError).code).toBe('E_OUTPUT');
      expect((err as Error).message).toBe(`cannot write checkpoint ${path.join(checkpointDir, checkpointName(last))}: no space left on the device (ENOSPC)`);
      expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
      const kept = listCheckpoints(checkpointDir).map((c) => c.step);
      expect(kept).toEqual([last - 1, last - 2].filter((s) => s >= 1));
      expect(kept.length).toBeGreaterThanOrEqual(1);
      expect(fs.readdirSync(checkpointDir).filter((n) => n.startsWith('.'))).toEqual([]);
      const ck = await loadCheckpoint(checkpointDir);
      expect(ck.step).toBe(last - 1);
      expect(ck.skipped).toEqual([]);
      disposeCheckpoint(ck);
      expect(readLines(logFile).at(-1)).toMatchObject({ type: 'error', step: last, message: (err as Error).message });
      expect(snapshot(checkpointDir)).not.toEqual({});
    } finally {
      release();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
