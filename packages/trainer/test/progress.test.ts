import { describe, expect, it } from 'vitest';
import { formatDuration, formatLoss, formatPercent } from '../src/progress/format.js';
import { ProgressReporter, resolveProgressMode } from '../src/progress/reporter.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (s: string) => chunks.push(s) } };
}

describe('progress', () => {
  it('formats durations, percentages and losses', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(NaN)).toBe('--');
    expect(formatPercent(0.125)).toBe('12.50%');
    expect(formatLoss(0.69314718)).toBe('0.6931');
    expect(formatLoss(NaN)).toBe('nan');
  });

  it('picks a bar on a TTY and lines elsewhere for auto', () => {
    expect(resolveProgressMode('auto', { isTTY: true, write: () => true })).toBe('bar');
    expect(resolveProgressMode('auto', { isTTY: false, write: () => true })).toBe('lines');
    expect(resolveProgressMode('none', { isTTY: true, write: () => true })).toBe('none');
  });

  it('prints plain periodic lines with step, mean loss, dev error and ETA', () => {
    const { chunks, stream } = fakeStream(false);
    let t = 0;
    const p = new ProgressReporter({ mode: 'auto', totalSteps: 10, stream, every: 5, now: () => t });
    p.start(0);
    for (let s = 1; s <= 5; s++) {
      t += 1000;
      p.step(s, s); // losses 1..5: mean 3
    }
    p.evaluation(5, 0.25, true);
    for (let s = 6; s <= 10; s++) {
      t += 1000;
      p.step(s, 1);
    }
    p.end();
    expect(chunks).toEqual([
      '[ampmix] step 5/10 (50%) loss 3.0000 ETA 5s\n',
      '[ampmix] eval at step 5: dev error 25.00% (best)\n',
      '[ampmix] step 10/10 (100%) loss 1.0000 dev 25.00% ETA 0s\n',
    ]);
    expect(chunks.join('')).not.toContain('\r');
  });

  it('redraws one bar line on a TTY and ends it with a newline', () => {
    const { chunks, stream } = fakeStream(true);
    let t = 0;
    const p = new ProgressReporter({ mode: 'auto', totalSteps: 4, stream, redrawMs: 100, now: () => t });
    p.start(0);
    t = 200;
    p.step(1, 2);
    t = 250; // within the redraw interval: no redraw
    p.step(2, 2);
    t = 400;
    p.step(4, 2);
    p.end();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^\r\x1b\[2K█{6}░{18} 1\/4 loss 2\.0000 ETA 1s$/);
    expect(chunks[1]).toMatch(/ 4\/4 loss 2\.0000 ETA 0s$/);
    expect(chunks[2]).toBe('\n');
  });

  it('prints nothing in none mode', () => {
    const { chunks, stream } = fakeStream(true);
    const p = new ProgressReporter({ mode: 'none', totalSteps: 2, stream });
    p.start(0);
    p.step(1, 1);
    p.evaluation(1, 0.5, true);
    p.message('hello');
    p.step(2, 1);
    p.end();
    expect(chunks).toEqual([]);
  });
});
