import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { readRunLog } from '@ampmix/report';
import { train } from '@ampmix/trainer/node';
import { blobs, DIST_INDEX, mixup, mlp, readLines, startChild, tmpDir, waitFor } from './helpers.js';

/** Steps the victim must have logged before it is killed. */
const KILL_AFTER = 6;
/** Steps run after the last step the victim logged. */
const MORE = 4;

describe('kill -9 during training, then resume', () => {
  it('the resumed run takes exactly the steps of an uninterrupted run (built trainer, cpu)', async () => {
    expect(fs.existsSync(DIST_INDEX), `${DIST_INDEX} is missing: build the trainer first (npx tsup in packages/trainer)`).toBe(true);
    const dir = tmpDir();
    const checkpointDir = path.join(dir, 'ckpt');
    const logFile = path.join(dir, 'run.jsonl');
    const stepLines = () => (fs.existsSync(logFile) ? readLines(logFile).filter((l) => l.type === 'step') : []);

    // 1. the victim: a long run with a checkpoint every step, killed once its log shows ≥ KILL_AFTER steps
    const victim = startChild({ checkpointDir, logFile, steps: 100_000 });
    await waitFor(() => stepLines().length >= KILL_AFTER || victim.child.exitCode !== null, 60_000);
    expect(victim.child.exitCode, 'the victim ended before it could be killed').toBe(null);
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.report).toBe(null); // it never got to report: it really died mid-run
    const logged = stepLines().map((l) => [l.step as number, l.loss as number] as [number, number]);
    const lastLogged = logged.at(-1)![0];
    expect(lastLogged).toBeGreaterThanOrEqual(KILL_AFTER);
    const target = lastLogged + MORE;

    // 2. the same run resumed from what is on disk, and 3. an uninterrupted reference run
    const resumed = await startChild({ checkpointDir, logFile, steps: target, resume: true }).done;
    expect(resumed.report?.error).toBeUndefined();
    expect(resumed.code).toBe(0);
    const reference = await startChild({ checkpointDir: path.join(dir, 'ref-ckpt'), steps: target }).done;
    expect(reference.code).toBe(0);
    const ref = new Map(reference.report!.losses);

    // the resume starts right after a checkpoint: step ≥ KILL_AFTER − 1 (saved before step KILL_AFTER was logged)
    const firstResumed = resumed.report!.losses[0][0];
    expect(firstResumed).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(firstResumed).toBeLessThanOrEqual(lastLogged + 1);
    expect(resumed.report!.losses.map(([s]) => s)).toEqual(Array.from({ length: target - firstResumed + 1 }, (_, i) => firstResumed + i));
    // every loss, before the kill and after the resume, is the uninterrupted run's, exactly
    for (const [step, loss] of logged) expect(loss, `step ${step} before the kill`).toBe(ref.get(step));
    for (const [step, loss] of resumed.report!.losses) expect(loss, `step ${step} after the resume`).toBe(ref.get(step));
    expect(resumed.report!.weights).toEqual(reference.report!.weights);

    // the log reads as one run: each step once, the resumed losses win over the steps the kill cut off
    const log = await readRunLog(logFile);
    expect(log.steps.map((s) => s.step)).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    expect(log.steps.map((s) => s.loss)).toEqual(reference.report!.losses.map(([, l]) => l));
    // a checkpoint the kill interrupted left no temporary folder behind once the run went on
    expect(fs.readdirSync(checkpointDir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  // A kill in the middle of a log write leaves a torn last line; were the resumed run to append its config line
  // right after it, both would glue into one broken line in the middle of the log, which the log reader
  // (ampmix report, --resume's settings check) rejects. The resumed run cuts the torn line off first.
  it('a log line torn by the kill: the resumed run still leaves a log that reads as one run', async () => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const logFile = path.join(dir, 'run.jsonl');
    const checkpointDir = path.join(dir, 'ckpt');
    const model = mlp(2);
    const base = { model, train: blobs(20, 4), method: mixup(), amp: {}, batchSize: 8, checkpointEvery: 1, progress: 'none' as const, logFile, checkpointDir };
    await train({ ...base, steps: 3 });
    // the process died while writing a line: the file ends in the middle of it
    const text = fs.readFileSync(logFile, 'utf8');
    const torn = '{"type":"step","step":4,"loss":0.12';
    fs.writeFileSync(logFile, `${text}${torn}`);
    const warnings: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string | Uint8Array) => warnings.push(String(c)) > 0) as typeof process.stderr.write);
    try {
      await train({ ...base, steps: 5, resume: true });
    } finally {
      spy.mockRestore();
    }
    model.dispose();
    // said even with progress 'none', with the number of bytes cut off
    expect(warnings.join('')).toContain(`${logFile} ended in a line cut off mid-write (a killed run); dropped its ${torn.length} bytes`);
    // everything before the torn line is kept as it was
    expect(fs.readFileSync(logFile, 'utf8').startsWith(`${text}{"type":"config"`)).toBe(true);
    const log = await readRunLog(logFile);
    expect(log.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
