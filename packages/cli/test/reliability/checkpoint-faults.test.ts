import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readRunLog } from '@ampmix/report';
import { runCli, snapshot, STACK_LINE, TINY, tmpDir } from './helpers.js';

/** TINY without `--progress none` (the progress flag is set per test). */
const FLAGS = TINY.slice(0, TINY.indexOf('--progress'));
const RUN = ['train', ...FLAGS, '--variant', 'word-mixup', '--amp', '--seed', '4', '--checkpoint-every', '1'];

let pristine = '';
/** A copy of a finished 3-step run (checkpoints step-2 and step-3). */
function runCopy(): string {
  const dir = path.join(tmpDir(), 'run');
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
}
const step = (dir: string, n: number) => path.join(dir, 'checkpoint', `step-${String(n).padStart(9, '0')}`);

/** Runs the CLI and collects what the progress reporter writes to the process's stderr. */
async function runWithStderr(argv: string[]) {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  }) as typeof process.stderr.write);
  try {
    const r = await runCli(argv);
    return { ...r, progress: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  pristine = path.join(tmpDir(), 'run');
  const r = await runCli([...RUN, '--progress', 'none', '--steps', '3', '--out', pristine]);
  expect(r.errors).toEqual([]);
  expect(fs.readdirSync(path.join(pristine, 'checkpoint')).sort()).toEqual(['step-000000002', 'step-000000003']);
});

describe('ampmix train --resume over damaged checkpoints', () => {
  it('a truncated newest checkpoint: says so, resumes from the previous good one, moves the bad one aside', async () => {
    const dir = runCopy();
    const weights = path.join(step(dir, 3), 'weights.bin');
    const size = fs.statSync(weights).size;
    fs.truncateSync(weights, size - 5);
    const r = await runWithStderr([...RUN, '--progress', 'lines', '--steps', '5', '--resume', '--out', dir]);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.progress).toContain(`[ampmix] passed over an invalid checkpoint: checkpoint ${step(dir, 3)} is truncated: weights.bin has ${size - 5} of its ${size} bytes`);
    const log = await readRunLog(path.join(dir, 'log.jsonl'));
    expect(log.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    const names = fs.readdirSync(path.join(dir, 'checkpoint'));
    expect(names.filter((n) => n.startsWith('.corrupt-step-000000003-'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('step-')).sort()).toEqual(['step-000000004', 'step-000000005']);
  });

  // --progress none silences progress, not the warning that a damaged checkpoint was passed over (and moved aside).
  it('the warning is shown even with --progress none', async () => {
    const dir = runCopy();
    const weights = path.join(step(dir, 3), 'weights.bin');
    fs.truncateSync(weights, fs.statSync(weights).size - 5);
    const r = await runWithStderr([...RUN, '--progress', 'none', '--steps', '4', '--resume', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.err + r.progress).toContain('passed over an invalid checkpoint');
  });

  it('every checkpoint damaged: one line listing each reason, exit 1, the run folder untouched', async () => {
    const dir = runCopy();
    fs.truncateSync(path.join(step(dir, 3), 'weights.bin'), 7);
    const state = path.join(step(dir, 2), 'state.json');
    const bytes = fs.readFileSync(state);
    bytes[5] ^= 0x01;
    fs.writeFileSync(state, bytes);
    const before = snapshot(dir);
    const r = await runWithStderr([...RUN, '--progress', 'none', '--steps', '5', '--resume', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(
      new RegExp(
        `^ampmix train: no valid checkpoint in ${path.join(dir, 'checkpoint')}: checkpoint ${step(dir, 3)} is truncated: weights\\.bin has 7 of its \\d+ bytes; ` +
          `checkpoint ${step(dir, 2)} is corrupted: state\\.json fails its SHA-256 checksum$`,
      ),
    );
    expect(snapshot(dir)).toEqual(before);
  });
});
