import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportDir, findRunLogs, LAMBDA_FILE, loadReportRuns, REPORT_MARKER, writeReport } from '../src/write-report.js';
import { writeDirAtomic } from '../src/atomic.js';
import { OutputError } from '@ampmix/trainer';
import { addToHistogram, addToSignedLogHistogram, emptyHistogram, emptySignedLogHistogram } from '../src/stats.js';
import { fakeLogText } from './helpers/fake-log.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-report-'));
  for (const [name, amp] of [['mixup', false], ['amp', true]] as const) {
    const dir = join(root, 'runs', name, 'seed-1');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'log.jsonl'), fakeLogText({ label: amp ? 'word-mixup+amp' : 'word-mixup', seed: 1, steps: 60, amp }));
    const hist = {
      steps: 60,
      lambda: addToHistogram(emptyHistogram(20, 0, 1), [0.1, 0.5, 0.5, 0.9]),
      lambdaPrime: addToHistogram(emptyHistogram(20, 0, 1), amp ? [0.11, 0.49, 0.52, 0.91] : []),
    };
    await writeFile(join(dir, LAMBDA_FILE), JSON.stringify(hist));
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findRunLogs', () => {
  it('finds logs in run folders and below a compare folder, sorted', async () => {
    const logs = await findRunLogs([join(root, 'runs')]);
    expect(logs.map((l) => l.slice(root.length))).toEqual(['/runs/amp/seed-1/log.jsonl', '/runs/mixup/seed-1/log.jsonl']);
    await expect(findRunLogs([join(root, 'nowhere')])).rejects.toThrow(/run log or folder not found: .*nowhere/);
    await mkdir(join(root, 'empty'), { recursive: true });
    await expect(findRunLogs([join(root, 'empty')])).rejects.toThrow(/no run log \(log\.jsonl\) found in/);
  });
  it('defaults the report folder next to a single run', () => {
    expect(defaultReportDir(['runs/a'])).toBe(join('runs/a', 'report'));
    expect(defaultReportDir(['runs/a/log.jsonl'])).toBe(join('runs/a', 'report'));
    expect(defaultReportDir(['a', 'b'])).toBe('ampmix-report');
  });
});

describe('writeReport', () => {
  it('writes index.html and every figure as SVG and PNG', async () => {
    const runs = await loadReportRuns([join(root, 'runs')]);
    expect(runs.map((r) => r.label)).toEqual(['word-mixup+amp (seed 1)', 'word-mixup (seed 1)']);
    const out = join(root, 'report');
    const rep = await writeReport(runs, out, { title: 'TREC <test>', smooth: 5 });
    expect(rep.figures).toEqual(['training-loss', 'training-loss-difference', 'dev-error', 'lambda-histograms', 'mask-rate', 'delta-lambda', 'loss-gap']);
    expect(rep.textInPng).toBe(true);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(
      [REPORT_MARKER, 'index.html', ...rep.figures.flatMap((f) => [`${f}.png`, `${f}.svg`])].sort(),
    );
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<title>TREC &lt;test&gt;</title>');
    expect(html).toContain('<td>word-mixup+amp (seed 1)</td><td>60</td><td>10.00% @ 60</td><td>12.00%</td><td>13.00%</td><td>1.2 s</td>');
    expect(html.match(/<svg/g)?.length).toBe(7);
    // ordinary modes, whatever mkdtemp gave: folder 0755, files 0644
    expect((await stat(out)).mode & 0o777).toBe(0o755);
    for (const f of files) expect((await stat(join(out, f))).mode & 0o777).toBe(0o644);
    expect(html).toContain('href="mask-rate.png"');
    // a second report replaces the first; no temporary folders are left
    await writeReport(runs.slice(0, 1), out, {});
    expect(await readFile(join(out, 'index.html'), 'utf8')).not.toContain('<td>word-mixup (seed 1)</td>');
    expect((await readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
  it("draws AMP's per-example figures from the recorded histograms, and AMP-only panels only for AMP runs", async () => {
    const dir = join(root, 'runs-rw', 'amp');
    await mkdir(dir, { recursive: true });
    const log = fakeLogText({ label: 'amp-rw', seed: 2, steps: 12, amp: true }).replace('"reweightWindow":null', '"reweightWindow":5');
    await writeFile(join(dir, 'log.jsonl'), log);
    const hist = {
      steps: 12,
      lambda: addToHistogram(emptyHistogram(20, 0, 1), [0.2, 0.6]),
      lambdaPrime: addToHistogram(emptyHistogram(20, 0, 1), [0.2, 0.6]),
      deltaLambda: addToSignedLogHistogram(emptySignedLogHistogram(24, -12, 0), [1e-5, -2e-5, 0]),
      lossDelta: addToSignedLogHistogram(emptySignedLogHistogram(28, -12, 2), [3e-6, -1e-7]),
      weight: addToHistogram(emptyHistogram(24, 0, 6), [1, 1, 2.5]),
    };
    await writeFile(join(dir, LAMBDA_FILE), JSON.stringify(hist));
    const rep = await writeReport(await loadReportRuns([dir]), join(root, 'report-rw'), { smooth: 3 });
    expect(rep.figures).toEqual(['training-loss', 'dev-error', 'lambda-histograms', 'delta-lambda-distribution', 'loss-delta-distribution', 'reweight-weights', 'mask-rate', 'delta-lambda', 'loss-gap']);
    const html = await readFile(join(root, 'report-rw', 'index.html'), 'utf8');
    expect(html).toContain('Exactly 0 (not drawn): amp-rw (seed 2): 33.3%');
    const base = await writeReport(await loadReportRuns([join(root, 'runs', 'mixup', 'seed-1')]), join(root, 'report-base'), {});
    expect(base.figures).toEqual(['training-loss', 'dev-error', 'lambda-histograms']);
  });
  it('refuses to replace a folder it did not write', async () => {
    const other = join(root, 'other');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'notes.txt'), 'keep me');
    const runs = await loadReportRuns([join(root, 'runs', 'amp', 'seed-1')]);
    await expect(writeReport(runs, other, {})).rejects.toThrow(/--out .*other already exists and holds other files/);
    expect(await readdir(other)).toEqual(['notes.txt']);
  });
});

describe('writeDirAtomic', () => {
  it('leaves nothing behind when filling fails', async () => {
    const target = join(root, 'atomic-target');
    await expect(
      writeDirAtomic(target, REPORT_MARKER, '--out', async (tmp) => {
        await writeFile(join(tmp, 'half.txt'), 'half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await readdir(root)).filter((n) => n.startsWith('.atomic-target') || n === 'atomic-target')).toEqual([]);
  });
  it('names the flag when the parent is not writable', async () => {
    await writeFile(join(root, 'a-file'), '');
    await expect(writeDirAtomic(join(root, 'a-file', 'sub'), REPORT_MARKER, '--out', async () => {})).rejects.toThrow(OutputError);
  });
});
