import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TINY } from './helpers/run-cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-cli-report-'));
  for (const [name, extra] of [['mixup', []], ['amp', ['--amp']]] as const) {
    const r = await runCli(['train', ...TINY, '--variant', 'word-mixup', ...extra, '--steps', '3', '--seed', '1', '--out', join(root, name)]);
    expect(r.code).toBe(0);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ampmix report', () => {
  it('writes an HTML page with SVG and PNG plots from run folders', async () => {
    const out = join(root, 'rep');
    const r = await runCli(['report', join(root, 'mixup'), join(root, 'amp'), '--out', out, '--smooth', '2', '--title', 'tiny']);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`report of 2 runs: ${join(out, 'index.html')} (9 figures, SVG and PNG)`);
    const files = await readdir(out);
    for (const f of ['training-loss', 'training-loss-difference', 'dev-error', 'lambda-histograms', 'delta-lambda-distribution', 'loss-delta-distribution', 'mask-rate', 'delta-lambda', 'loss-gap']) {
      expect(files).toContain(`${f}.svg`);
      expect(files).toContain(`${f}.png`);
    }
  });
  it('defaults to <run>/report for one run', async () => {
    const r = await runCli(['report', join(root, 'amp', 'log.jsonl')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'amp', 'report', 'index.html'))).toBe(true);
  });
  it('bad input: one line each, nothing written', async () => {
    const missing = await runCli(['report', join(root, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.errors).toEqual([`ampmix report: run log or folder not found: ${join(root, 'nope')}`]);
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, 'hello\nworld\n');
    const r = await runCli(['report', bad, '--out', join(root, 'bad-rep')]);
    expect(r.errors).toEqual([`ampmix report: ${bad}:1: not a JSON line (is this an ampmix log.jsonl?)`]);
    expect(existsSync(join(root, 'bad-rep'))).toBe(false);
    const none = await runCli(['report']);
    expect(none.code).toBe(2);
    expect(none.errors).toEqual(['ampmix report: ampmix report needs at least one run folder, log.jsonl or compare folder']);
    const font = await runCli(['report', join(root, 'amp'), '--font', join(root, 'nofont.ttf')]);
    expect(font.errors).toEqual([`ampmix report: --font ${join(root, 'nofont.ttf')}: no such file`]);
    const smooth = await runCli(['report', join(root, 'amp'), '--smooth', '0']);
    expect(smooth.errors).toEqual(['ampmix report: Invalid --smooth: got "0"; expected an integer ≥ 1.']);
  });
});
