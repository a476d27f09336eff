import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extraConfig, parseRunLog, readRunLog, RunLogError } from '../src/run-log.js';
import { fakeLogText } from './helpers/fake-log.js';

describe('parseRunLog', () => {
  it('reads config, steps, evals and the result', () => {
    const log = parseRunLog(fakeLogText({ label: 'word-mixup+amp', seed: 3, steps: 10, amp: true }), 'x/log.jsonl');
    expect(log.config.seed).toBe(3);
    expect(extraConfig(log).label).toBe('word-mixup+amp');
    expect(log.steps).toHaveLength(10);
    expect(log.steps[3]).toMatchObject({ step: 4, loss: 1, maskRate: 0.6, meanAbsDeltaLambda: 0.001, skipped: false });
    expect(log.evals.map((e) => e.step)).toEqual([5, 10]);
    expect(log.evals[1].devError).toBeCloseTo(0.03, 12);
    expect(log.result?.testError).toEqual({ bestDev: 0.12, last: 0.13 });
  });
  it('turns null (non-finite) numbers into NaN and keeps skipped flags', () => {
    const text = [
      JSON.stringify({ type: 'config', seed: 0 }),
      JSON.stringify({ type: 'step', step: 1, loss: null, lossBefore: null, lossAfter: null, maskRate: 0, meanLambda: 0.5, meanAbsDeltaLambda: 0, skipped: true }),
    ].join('\n');
    const log = parseRunLog(text, 'l');
    expect(log.steps[0].loss).toBeNaN();
    expect(log.steps[0].skipped).toBe(true);
    expect(log.result).toBeNull();
  });
  it('drops records repeated after a resume', () => {
    const lines = fakeLogText({ label: 'a', seed: 1, steps: 8, amp: false, evalEvery: 4, finished: false }).trim().split('\n');
    const resumed = [
      JSON.stringify({ type: 'config', seed: 1, resumedFrom: { step: 4, path: 'c', skipped: [] } }),
      JSON.stringify({ type: 'step', step: 5, loss: 9, lossBefore: 9, lossAfter: 9, maskRate: 0, meanLambda: 0.5, meanAbsDeltaLambda: 0, skipped: false }),
    ];
    const log = parseRunLog([...lines, ...resumed].join('\n'), 'l');
    expect(log.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(log.steps[4].loss).toBe(9);
    expect(log.evals.map((e) => e.step)).toEqual([4]);
  });
  it('ignores a torn last line but not a broken middle line', () => {
    const good = fakeLogText({ label: 'a', seed: 1, steps: 2, amp: false });
    expect(parseRunLog(`${good}{"type":"st`, 'l').steps).toHaveLength(2);
    const broken = good.replace('\n', '\nnot json\n');
    expect(() => parseRunLog(broken, 'runs/a/log.jsonl')).toThrow(/^runs\/a\/log.jsonl:2: not a JSON line/);
  });
  it('requires a config line', () => {
    expect(() => parseRunLog('{"type":"step","step":1}\n', 'f.jsonl')).toThrow(RunLogError);
  });
});

describe('readRunLog', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  it('reads a file and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ampmix-log-'));
    dirs.push(dir);
    await writeFile(join(dir, 'log.jsonl'), fakeLogText({ label: 'a', seed: 1, steps: 3, amp: false }));
    expect((await readRunLog(join(dir, 'log.jsonl'))).steps).toHaveLength(3);
    await expect(readRunLog(join(dir, 'nope.jsonl'))).rejects.toThrow(/run log not found: .*nope\.jsonl/);
  });
});
