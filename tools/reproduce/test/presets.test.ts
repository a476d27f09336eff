import { describe, expect, it } from 'vitest';
import { expandGrid } from '@ampmix/sweep';
import { ABLATIONS, ampFor, baseOf, buildPlan, parseVariant, REFERENCE_AMP, specOfRun, variantLabel } from '../lib/presets.mjs';
import { resolveAmpOptions } from '@ampmix/core';

describe('variants', () => {
  it('parses main and ablation rows', () => {
    expect(parseVariant('none')).toEqual({ id: 'none', method: 'none', amp: false, ablation: null });
    expect(parseVariant('sen+amp')).toMatchObject({ method: 'sen', amp: true, ablation: null });
    expect(parseVariant('word+amp[eps=0.2]')).toMatchObject({ method: 'word', amp: true, ablation: 'eps=0.2' });
    expect(() => parseVariant('none+amp')).toThrow(/unknown method/);
    expect(() => parseVariant('word+amp[eps=7]')).toThrow(/unknown ablation "eps=7"/);
    expect(() => parseVariant('cutmix')).toThrow(/expected none, word/);
    expect(baseOf('word+amp[random]')).toBe('word');
    expect(baseOf('sen')).toBeNull();
    expect(variantLabel('word+amp[clip]')).toBe("WordMixup+AMP (λ' clipped to [0, 1])");
  });

  it('AMP settings: the reference setting for +amp rows, one change per ablation, all valid for the core', () => {
    expect(ampFor('word', REFERENCE_AMP)).toBe(false);
    expect(ampFor('word+amp', REFERENCE_AMP)).toEqual({ epsilon: 0.002, clip: false, reweight: { window: 5 }, direction: 'adversarial' });
    expect(ampFor('word+amp[no-reweight]', REFERENCE_AMP)).toEqual({ epsilon: 0.002, clip: false, reweight: false, direction: 'adversarial' });
    expect(ampFor('sen+amp[eps=2,random]', REFERENCE_AMP)).toEqual({ epsilon: 2, clip: false, reweight: { window: 5 }, direction: 'random' });
    for (const a of ABLATIONS) {
      const amp = ampFor(`word+amp[${a.id}]`, REFERENCE_AMP);
      expect(() => resolveAmpOptions(amp as never)).not.toThrow();
    }
  });

  it('the plan is the runs of its grids', () => {
    // the plan's runs are exactly the runs of its @ampmix/sweep grids (a base row two grids share counts once)
    const plan = buildPlan('small');
    const gridRuns = plan.grids.flatMap((g: any) => expandGrid(g));
    expect(new Set(gridRuns.map((r) => r.key))).toEqual(new Set(plan.runs.map((r) => r.key)));
    for (const r of gridRuns) expect(specOfRun(r)).toEqual(plan.runs.find((x) => x.key === r.key)?.spec);
  });
});

describe('grid', () => {
  it('smoke: 2 rows × 2 seeds × 2 fractions + 1 ablation row × 2 seeds', () => {
    const plan = buildPlan('smoke');
    expect(plan.runs).toHaveLength(10);
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(10);
    expect(plan.runs.filter((r) => r.ablation).map((r) => r.variant)).toEqual(['word+amp[random]', 'word+amp[random]']);
  });

  it('small: TREC × 2 fractions × 5 rows × 3 seeds + 7 ablation rows × 3 seeds', () => {
    const plan = buildPlan('small');
    expect(plan.runs).toHaveLength(2 * 5 * 3 + 7 * 3);
    expect(plan.runs.filter((r) => r.ablation && r.spec.seed === 1 && r.spec.dataset === 'trec').map((r) => r.variant)).toEqual(
      ['eps=0.02', 'eps=0.2', 'eps=2', 'no-reweight', 'random', 'eps=2,random', 'eps=2,clip'].map((a) => `word+amp[${a}]`),
    );
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(plan.runs.length);
  });

  it('paper: the reference settings', () => {
    const plan = buildPlan('paper', { ablations: false });
    expect(plan.runs).toHaveLength(5 * 3 * 5 * 10);
    const s = plan.runs.find((r) => r.variant === 'sen+amp')!.spec as any;
    expect(s).toMatchObject({ steps: 8000, batchSize: 50, learningRate: 2e-4, clipNorm: 10, loss: 'softmax-bce', alpha: 1, amp: { epsilon: 0.002, reweight: { window: 5 } } });
    expect(s.model).toEqual({ kind: 'cnn', embeddingDim: 300, numFilters: 100, filterSizes: [3, 4, 5], dropout: 0.5 });
  });

  it('pairs seeds: rows of one cell and seed share everything but the method and AMP', () => {
    const plan = buildPlan('small');
    const cell = plan.runs.filter((r) => r.spec.dataset === 'trec' && r.spec.fraction === 0.1 && r.spec.seed === 2);
    expect(cell.map((r) => r.variant).sort()).toEqual(['none', 'sen', 'sen+amp', 'word', 'word+amp']);
    const strip = (s: any) => ({ ...s, method: null, amp: null });
    for (const r of cell) expect(strip(r.spec)).toEqual(strip(cell[0].spec));
  });

  it('CV datasets take the fold from the seed; overrides are checked', () => {
    const plan = buildPlan('smoke', { datasets: ['mr'], seeds: [3, 14], fractions: [1], ablations: false, model: 'bilstm', steps: 2 });
    expect(plan.runs.map((r) => r.spec.fold)).toEqual([3, 4, 3, 4]);
    expect((plan.runs[0].spec as any).model.kind).toBe('bilstm');
    expect((plan.runs[0].spec as any).steps).toBe(2);
    expect((plan.runs[0].spec as any).evalEvery).toBe(2);
    expect(() => buildPlan('smoke', { datasets: ['imdb'] })).toThrow(/unknown dataset "imdb"/);
    expect(() => buildPlan('smoke', { fractions: [0] })).toThrow(/fraction must be in \(0, 1\]/);
    expect(() => buildPlan('huge')).toThrow(/unknown preset "huge"/);
  });

  it('ablation rows bring their base and main rows into the cell even when --methods leaves them out', () => {
    const plan = buildPlan('smoke', { methods: ['none'], fractions: [1] });
    expect([...new Set(plan.runs.map((r) => r.variant))]).toEqual(['none', 'word', 'word+amp', 'word+amp[random]']);
  });
});
