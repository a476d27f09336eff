import { describe, expect, it } from 'vitest';
import { parseRunLog } from '../src/run-log.js';
import type { ReportRun } from '../src/series.js';
import { devErrorLines, histogramBars, lambdaBars, MAX_LINE_POINTS, runLabel, stepLines, uniqueLabels } from '../src/series.js';
import { addToHistogram, emptyHistogram } from '../src/stats.js';
import { fakeLogText } from './helpers/fake-log.js';

const run = (label: string, steps: number, amp: boolean): ReportRun => ({
  label,
  log: parseRunLog(fakeLogText({ label, seed: 1, steps, amp }), `${label}/log.jsonl`),
  lambda: null,
});

describe('labels', () => {
  it('come from the CLI label and the seed, then the method, then the folder', () => {
    expect(runLabel(parseRunLog(fakeLogText({ label: 'word-mixup+amp', seed: 2, steps: 1, amp: true }), 'x/log.jsonl'))).toBe('word-mixup+amp (seed 2)');
    expect(runLabel(parseRunLog('{"type":"config","seed":4,"method":{"name":"cutmix"},"amp":{"epsilon":0.002}}', 'x/log.jsonl'))).toBe('cutmix+amp (seed 4)');
    expect(runLabel(parseRunLog('{"type":"config","method":null}', 'x/log.jsonl'))).toBe('none');
    expect(runLabel(parseRunLog('{"type":"config"}', 'runs/mine/log.jsonl'))).toBe('mine');
  });
  it('are made unique', () => {
    expect(uniqueLabels(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a #2', 'a #3']);
  });
});

describe('stepLines', () => {
  it('smooths with a trailing moving average per run', () => {
    const pts = stepLines([run('a', 4, true)], 'lossBefore', 2);
    // lossBefore = 2/√s: 2, √2, 2/√3, 1
    const l = [2, Math.SQRT2, 2 / Math.sqrt(3), 1];
    expect(pts.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(pts[0].value).toBeCloseTo(l[0], 12);
    expect(pts[1].value).toBeCloseTo((l[0] + l[1]) / 2, 12);
    expect(pts[3].value).toBeCloseTo((l[2] + l[3]) / 2, 12);
    expect(pts.every((p) => p.run === 'a')).toBe(true);
  });
  it('thins long runs and treats skipped steps as missing', () => {
    const long = run('b', 1000, false);
    expect(stepLines([long], 'loss', 1).length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    long.log.steps[0].skipped = true;
    expect(stepLines([long], 'loss', 1)[0].value).toBeNaN();
  });
});

describe('devErrorLines', () => {
  it('gives dev error in percent at each evaluation', () => {
    const pts = devErrorLines([run('a', 10, false)]);
    expect(pts.map((p) => p.step)).toEqual([5, 10]);
    expect(pts[0].value).toBeCloseTo(6, 12); // 0.3 / 5 = 6 %
  });
});

describe('histogramBars', () => {
  it('turns counts into fractions of all counted values with bin edges', () => {
    const h = addToHistogram(emptyHistogram(4, 0, 1), [0.1, 0.2, 0.3, 0.9, 1.5]);
    const bars = histogramBars('r', 'λ', h);
    expect(bars.map((b) => b.fraction)).toEqual([0.4, 0.2, 0, 0.2]); // 5 values, one above the range
    expect(bars[1]).toMatchObject({ lo: 0.25, hi: 0.5, run: 'r', which: 'λ' });
    expect(histogramBars('r', 'λ', emptyHistogram(4, 0, 1))).toEqual([]);
  });
  it('collects λ and λ′ of the runs that recorded them', () => {
    const a = run('a', 2, true);
    a.lambda = { steps: 1, lambda: addToHistogram(emptyHistogram(2, 0, 1), [0.2, 0.7]), lambdaPrime: addToHistogram(emptyHistogram(2, 0, 1), [0.3, 0.8]) };
    const bars = lambdaBars([a, run('b', 2, false)]);
    expect(bars).toHaveLength(4);
    expect(new Set(bars.map((b) => b.which)).size).toBe(2);
  });
});
