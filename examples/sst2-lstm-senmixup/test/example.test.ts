import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, settingsFromFlags, sst2LstmCli } from '../src/index.js';

// The runner and its flags are tested in @ampmix/trainer (test/comparison); this checks the SST-2 example's spec.
const roots: string[] = [];
afterAll(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

describe('the SST-2 example', () => {
  it('--quick trains SenMixup and SenMixup + AMP on SST-2 with the BiLSTM and prints both rows', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sst2-lstm-senmixup-')), 'run');
    roots.push(join(out, '..'));
    let text = '';
    const code = await sst2LstmCli(['--quick', '--out', out, '--backend', 'wasm', '--progress', 'none'], { out: (t) => (text += `${t}\n`), err: () => {} });
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toBe('SST-2 test error (%), BiLSTM, best-dev model');
    expect([lines[3].split(/\s+/)[0], lines[4].split(/\s+/)[0]]).toEqual(['sen-mixup', 'sen-mixup+amp']);
    expect((await readdir(out)).sort()).toEqual(['.ampmix-example', 'compare.txt', 'report', 'results.jsonl', 'sen-mixup', 'sen-mixup-amp']);
  });

  it('--help names the command; the flags start from the defaults or --quick', async () => {
    let help = '';
    expect(await sst2LstmCli(['--help'], { out: (t) => (help += t), err: () => {} })).toBe(0);
    expect(help).toMatch(/^Usage: node examples\/sst2-lstm-senmixup\/run\.mjs \[flags\]/);
    expect(help).toContain('runs/sst2-lstm-senmixup');
    expect(settingsFromFlags({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromFlags({ quick: true, steps: 9 })).toEqual({ ...QUICK_SETTINGS, steps: 9 });
    expect(DEFAULT_SETTINGS.hiddenSize).toBe(32);
  });
});
