// From stored runs to the numbers of the report: per cell (dataset × fraction × variant) the mean ± std of
// the best-dev model's test error over seeds, and per AMP row the paired comparison with its base.
import { baseOf, parseVariant } from './presets.mjs';
import { mean, pairedTTest, relativeChange, sampleStd, wilcoxonSignedRank } from '@ampmix/core/stats';

/** Cell id. */
export function cellId(dataset, fraction, variant) {
  return `${dataset}|${fraction}|${variant}`;
}

/**
 * @typedef {{ dataset: string, fraction: number, variant: string, ablation: boolean, expected: number,
 *   seeds: number[], errors: number[], runs?: any[], n: number, mean: number, std: number, meanAbsDeltaLambda: number,
 *   maskRate: number, msPerStep: number, bestStep: number, skippedSteps: number }} Cell
 * @typedef {{ dataset: string, fraction: number, variant: string, against: string, ablation: boolean,
 *   seeds: number[], n: number, baseMean: number, mean: number, relChange: number, relReduction: number,
 *   diffs: number[], t: ReturnType<typeof pairedTTest>, w: ReturnType<typeof wilcoxonSignedRank> }} Comparison
 */

/**
 * Paired comparison of `variant` against `against` in one dataset × fraction, over the seeds both have.
 * relReduction = (base − variant)/base of the paired means: positive means the variant's error is lower.
 * @param {Map<string, Cell>} cells
 * @returns {Comparison | null}
 */
export function compareCells(cells, dataset, fraction, variant, against) {
  const a = cells.get(cellId(dataset, fraction, variant));
  const b = cells.get(cellId(dataset, fraction, against));
  if (!a || !b) return null;
  const seeds = a.seeds.filter((s) => b.seeds.includes(s));
  if (seeds.length === 0) return null;
  const x = seeds.map((s) => a.errors[a.seeds.indexOf(s)]);
  const y = seeds.map((s) => b.errors[b.seeds.indexOf(s)]);
  const baseMean = mean(y);
  const m = mean(x);
  const relChange = relativeChange(m, baseMean);
  return {
    dataset, fraction, variant, against, ablation: a.ablation, seeds, n: seeds.length, baseMean, mean: m, relChange,
    relReduction: -relChange,
    diffs: x.map((v, i) => v - y[i]),
    t: pairedTTest(x, y),
    w: wilcoxonSignedRank(x, y),
  };
}

/**
 * Summarises the stored records of a plan's runs.
 * @param {{ runs: { key: string, variant: string, ablation: boolean, spec: any }[], seeds: number[] }} plan
 * @param {Map<string, any>} byKey stored records by key
 */
export function summarize(plan, byKey) {
  /** @type {Map<string, Cell>} */
  const cells = new Map();
  const missing = [];
  for (const run of plan.runs) {
    const { dataset, fraction, seed } = run.spec;
    const id = cellId(dataset, fraction, run.variant);
    /** @type {any} */
    let cell = cells.get(id);
    if (!cell) {
      cell = { dataset, fraction, variant: run.variant, ablation: run.ablation, expected: 0, seeds: [], errors: [], runs: [] };
      cells.set(id, cell);
    }
    cell.expected += 1;
    const rec = byKey.get(run.key);
    if (!rec) {
      missing.push(run);
      continue;
    }
    const err = rec.result?.testError;
    if (typeof err !== 'number' || !Number.isFinite(err)) {
      missing.push(run);
      continue;
    }
    cell.seeds.push(seed);
    cell.errors.push(err);
    cell.runs.push(rec.result);
  }
  for (const cell of cells.values()) {
    const rs = cell.runs ?? [];
    const pick = (f) => mean(rs.map(f).filter((v) => typeof v === 'number' && Number.isFinite(v)));
    Object.assign(cell, {
      n: cell.errors.length,
      mean: mean(cell.errors),
      std: sampleStd(cell.errors),
      meanAbsDeltaLambda: pick((r) => r.meanAbsDeltaLambda),
      maskRate: pick((r) => r.maskRate),
      msPerStep: pick((r) => r.msPerStep),
      bestStep: pick((r) => r.bestDev?.step),
      skippedSteps: rs.reduce((a, r) => a + (r.skippedSteps ?? 0), 0),
    });
    delete cell.runs;
  }
  /** @type {Comparison[]} */
  const comparisons = [];
  /** @type {Comparison[]} */
  const ablationVsAmp = [];
  for (const cell of cells.values()) {
    const base = baseOf(cell.variant);
    if (!base) continue;
    const c = compareCells(cells, cell.dataset, cell.fraction, cell.variant, base);
    if (c) comparisons.push(c);
    if (parseVariant(cell.variant).ablation) {
      const d = compareCells(cells, cell.dataset, cell.fraction, cell.variant, `${base}+amp`);
      if (d) ablationVsAmp.push(d);
    }
  }
  return { cells, comparisons, ablationVsAmp, missing };
}
