import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessGroup, claimSection, verdict, PAPER_CLAIM } from '../lib/claim.mjs';
import { calibrationSpecs, estimateSweep, evaluationsOf, runCostMs, timingKey } from '../lib/estimate.mjs';
import { renderResults } from '../lib/markdown.mjs';
import { writeFigures } from '../lib/plots.mjs';
import { buildPlan } from '../lib/presets.mjs';
import { cellId, summarize } from '../lib/summary.mjs';

const SEEDS = [1, 2, 3, 4, 5];

/** A smoke-shaped plan with 5 seeds and stored records whose error is `err(variant, fraction, seed)`. */
function fixture(err: (variant: string, fraction: number, seed: number) => number | null, overrides = {}) {
  const plan = buildPlan('smoke', { seeds: SEEDS, ...overrides });
  const byKey = new Map();
  for (const r of plan.runs) {
    const e = err(r.variant, r.spec.fraction as number, r.spec.seed as number);
    if (e === null) continue;
    byKey.set(r.key, { key: r.key, result: { testError: e, meanAbsDeltaLambda: r.variant.includes('amp') ? 2e-5 : 0, maskRate: r.variant.includes('amp') ? 0.9 : 0, msPerStep: 10, bestDev: { step: 6 }, skippedSteps: 0, wallMs: 1000 } });
  }
  return { plan, summary: summarize(plan, byKey) };
}

// base errors per seed; AMP lowers them by 20% (full) and by 5% (30%); the random-direction row equals AMP
const BASE = [0.2, 0.22, 0.18, 0.21, 0.19];
const lower = (v: string, f: number, s: number) => {
  const b = BASE[s - 1];
  if (v === 'word') return b;
  return f === 1 ? b * 0.8 : b * 0.95;
};

describe('summary', () => {
  it('cells hold mean ± std over seeds and paired comparisons with their tests', () => {
    const { summary } = fixture(lower);
    const base = summary.cells.get(cellId('trec', 1, 'word'))!;
    expect(base.n).toBe(5);
    expect(base.mean).toBeCloseTo(0.2, 12);
    expect(base.std).toBeCloseTo(Math.sqrt((0 + 0.0004 + 0.0004 + 0.0001 + 0.0001) / 4), 12);
    const c = summary.comparisons.find((x) => x.variant === 'word+amp' && x.fraction === 1)!;
    expect(c.against).toBe('word');
    expect(c.relReduction).toBeCloseTo(0.2, 12);
    expect(c.n).toBe(5);
    expect(c.w.p).toBe(0.0625); // all 5 differences negative: 2/2^5
    expect(c.t.p).toBeLessThan(1e-3);
    expect(summary.missing).toEqual([]);
    const abl = summary.ablationVsAmp.find((x) => x.variant === 'word+amp[random]')!;
    expect(abl.against).toBe('word+amp');
    expect(abl.relChange).toBe(0);
  });

  it('missing runs are listed and comparisons use the seeds both rows have', () => {
    const { summary } = fixture((v, f, s) => (v === 'word+amp' && s === 5 ? null : lower(v, f, s)));
    expect(summary.missing).toHaveLength(2);
    const c = summary.comparisons.find((x) => x.variant === 'word+amp' && x.fraction === 1)!;
    expect(c.seeds).toEqual([1, 2, 3, 4]);
    expect(c.baseMean).toBeCloseTo((0.2 + 0.22 + 0.18 + 0.21) / 4, 12);
  });
});

describe('comparison with the paper', () => {
  it('agrees when AMP lowers the error significantly by a size near the claim', () => {
    const { summary } = fixture(lower);
    const full = assessGroup(summary.comparisons.filter((c) => !c.ablation && c.fraction === 1));
    expect(verdict(full, PAPER_CLAIM.full)).toBe('agree');
    const text = claimSection(summary).join('\n');
    expect(text).toContain('**Full training data** (paper: up to 31.3% lower error) — ours agree in sign and roughly in size');
    expect(text).toContain('Largest reduction: 20.0% (WordMixup+AMP vs WordMixup on TREC at 100% of the training data: 20.00% → 16.00%');
    expect(text).toContain('64% of the paper');
    // 30%: 5% lower, significant by t but below half of 17.5% → partly
    expect(text).toContain('**Low-resource (fraction < 1)** (paper: up to 17.5% lower error) — ours agree in sign (AMP lowered the error in most comparisons), but the largest reduction is less than half the size claimed');
    expect(text).toContain('With n = 5 paired seeds the smallest two-sided exact Wilcoxon p-value possible is 2/2^5 = 0.063, so that test cannot reach p < 0.05');
    expect(text).toContain('The random-direction control (λ moved by the same |Δλ| with a random sign) was not significantly worse than adversarial AMP on any of 1 dataset(s)');
    expect(text).toContain("How far λ moved in the main +AMP rows: mean |λ'−λ| 2.0e-5 per cell (λ itself is drawn from [0, 1]); the mask trained on the perturbed loss for 90% of the examples.");
  });

  it('disagrees in sign when AMP raises the error, and says so with the numbers', () => {
    const { summary } = fixture((v, f, s) => (v === 'word' ? BASE[s - 1] : BASE[s - 1] * 1.1));
    const text = claimSection(summary).join('\n');
    expect(text).toContain('ours disagree in sign: AMP raised the error at least as often as it lowered it');
    expect(text).toContain('AMP lowered the mean test error in 0 of 1 comparisons, raised it in 1.');
    expect(text).toContain('Largest increase: 10.0%');
    expect(text).toMatch(/Significant at p < 0.05 \(paired t-test\): 0 reduction\(s\), 1 increase\(s\)/);
  });

  it('says "unchanged" when the errors are identical', () => {
    const { summary } = fixture((v, f, s) => BASE[s - 1]);
    const text = claimSection(summary, { smoke: true }).join('\n');
    expect(text).toContain('ours disagree: AMP left the error unchanged in every comparison');
    expect(text).toContain('**Smoke run.**');
  });
});

describe('estimate', () => {
  const spec = { dataset: 'trec', model: { kind: 'cnn' }, method: 'word', amp: { epsilon: 0.002 }, steps: 100, evalEvery: 30 };
  it('counts evaluations (every evalEvery steps and the last)', () => {
    expect(evaluationsOf(spec)).toBe(4);
    expect(evaluationsOf({ steps: 90, evalEvery: 30 })).toBe(3);
  });
  it('run cost and LPT schedule over workers', () => {
    const t = { msPerStep: 10, evalMs: 50, setupMs: 100, finalMs: 200 };
    expect(runCostMs(spec, t)).toBe(100 + 1000 + 200 + 200);
    const timings = new Map([[timingKey(spec), t]]);
    const runs = [{ spec }, { spec }, { spec }];
    const e = estimateSweep(runs, timings, 2, 0);
    expect(e.ms).toBe(2 * 1500);
    expect(e.totalRunMs).toBe(4500);
    expect(estimateSweep([{ spec: { ...spec, dataset: 'sst2' } }], timings, 2, 0).unknown).toBe(1);
  });
  it('one calibration run per dataset × backbone × method kind', () => {
    const plan = buildPlan('small');
    const specs = calibrationSpecs(plan.runs, 10);
    expect(specs).toHaveLength(1 * 5); // small: TREC × 5 method kinds
    expect(specs.every((s) => (s.spec as any).steps === 10 && (s.spec as any).evalEvery === 10)).toBe(true);
  });
});

describe('report', () => {
  it('renders the tables (pipes escaped), the smoke banner and the figures', async () => {
    const { plan, summary } = fixture(lower);
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const figures = await writeFigures(join(dir, 'results'), summary.cells);
    expect(figures.map((f) => f.png)).toEqual(['trec-error-vs-fraction.png', 'trec-ablations.png']);
    const png = readFileSync(join(dir, 'results', 'trec-error-vs-fraction.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readFileSync(join(dir, 'results', 'trec-ablations.svg'), 'utf8')).toMatch(/^<svg/);
    const md = renderResults({
      plan, summary, machine: { cpuModel: 'Test CPU', nproc: 2, memoryGiB: 8, os: 'TestOS', node: 'v20', tfjs: '4.22.0', tfjsWasm: '4.22.0', loadAverage: [0, 0, 0] },
      command: 'node tools/reproduce --preset smoke', wallMs: 61_000, workers: 2, workerInfo: [{ backend: 'wasm', tfjs: '4.22.0', from: 'dist' }],
      timings: [{ dataset: 'trec', kind: 'word+amp', medianMsPerStep: 12.4, evalMs: 30 }], estimateMs: 50_000, failures: [], figures, figureDir: 'results',
      storePath: 'runs/x.jsonl', totalRunMs: 100_000, date: '2026-01-01',
    });
    expect(md).toContain('# Reproduction: AMP on sentence classification — SMOKE RUN');
    expect(md).toContain('> **This is a smoke run**');
    expect(md).toContain('| WordMixup | 20.00 ± 1.58 | 20.00 ± 1.58 |');
    expect(md).toContain("| mean \\|λ'−λ\\| |");
    expect(md).toContain('| TREC | 100% | WordMixup+AMP | 20.00% | 16.00% | +20.0% |');
    expect(md).toContain('| TREC | 100% | WordMixup+AMP (random direction, same \\|Δλ\\|) |');
    expect(md).toContain('![TREC: error vs training fraction](results/trec-error-vs-fraction.png)');
    expect(md).toContain('| wall time (this invocation) | 1.0 min |');
    expect(md).not.toContain('## Missing runs');
    // every row of a table has as many (unescaped) cell separators as its header
    const lines = md.split('\n');
    const pipes = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].startsWith('|') && lines[i - 1].startsWith('|')) expect(pipes(lines[i]), lines[i]).toBe(pipes(lines[i - 1]));
    }
  });
});
