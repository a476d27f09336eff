import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, settingsFromFlags, trecCnnAmpCli } from '../src/index.js';

// The runner and its flags are tested in @ampmix/trainer (test/comparison); this checks the default job's spec.
const roots: string[] = [];
afterAll(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

describe('the default job', () => {
  it('--quick trains WordMixup and WordMixup + AMP on TREC with the Kim CNN and prints both rows', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'trec-cnn-amp-')), 'run');
    roots.push(join(out, '..'));
    let text = '';
    const code = await trecCnnAmpCli(['--quick', '--out', out, '--backend', 'wasm', '--progress', 'none'], { out: (t) => (text += `${t}\n`), err: () => {} });
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toBe('TREC test error (%), Kim CNN, best-dev model');
    expect([lines[3].split(/\s+/)[0], lines[4].split(/\s+/)[0]]).toEqual(['word-mixup', 'word-mixup+amp']);
    expect((await readdir(out)).sort()).toEqual(['.ampmix-example', 'compare.txt', 'report', 'results.jsonl', 'word-mixup', 'word-mixup-amp']);
  });

  it('--help names the command; the flags start from the defaults or --quick', async () => {
    let help = '';
    expect(await trecCnnAmpCli(['--help'], { out: (t) => (help += t), err: () => {} })).toBe(0);
    expect(help).toMatch(/^Usage: node examples\/trec-cnn-amp\/run\.mjs \[flags\]/);
    expect(help).toContain('runs/trec-cnn-amp');
    expect(settingsFromFlags({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromFlags({ quick: true, steps: 9 })).toEqual({ ...QUICK_SETTINGS, steps: 9 });
    expect(DEFAULT_SETTINGS.filterSizes).toEqual([3, 4, 5]);
  });
});
