// Figures of the report: vega-lite specs, rendered by @ampmix/report's renderer (SVG and PNG).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackages } from './runtime.mjs';
import { DATASET_LABELS, parseVariant, variantLabel } from './presets.mjs';

/**
 * The error-vs-fraction figure of one dataset: mean test error (%) of each main variant against the
 * training fraction (log scale), with ± 1 std bars over seeds.
 * @param {string} dataset
 * @param {import('./summary.mjs').Cell[]} cells the dataset's main (non-ablation) cells
 */
export function errorVsFractionSpec(dataset, cells) {
  const values = cells
    .filter((c) => c.n > 0)
    .map((c) => ({
      fraction: c.fraction,
      method: variantLabel(c.variant),
      amp: parseVariant(c.variant).amp ? 'with AMP' : 'without AMP',
      error: 100 * c.mean,
      lo: 100 * (c.mean - (Number.isFinite(c.std) ? c.std : 0)),
      hi: 100 * (c.mean + (Number.isFinite(c.std) ? c.std : 0)),
      n: c.n,
    }));
  const fractions = [...new Set(values.map((v) => v.fraction))].sort((a, b) => a - b);
  const x = { field: 'fraction', type: 'quantitative', title: 'fraction of the training set', scale: { type: 'log', padding: 24 }, axis: { values: fractions, format: '~%' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${DATASET_LABELS[dataset] ?? dataset}: test error of the best-dev model (mean ± std over seeds)`,
    width: 420,
    height: 260,
    background: 'white',
    data: { values },
    encoding: { x, color: { field: 'method', type: 'nominal', title: null } },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'error', type: 'quantitative', title: 'test error (%)', scale: { zero: false } }, strokeDash: { field: 'amp', type: 'nominal', title: null } } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'test error (%)' }, y2: { field: 'hi' } } },
    ],
  };
}

/**
 * The ablation figure of one dataset: test error of each ablation row and its base/main rows, as points
 * with ± 1 std bars.
 */
export function ablationSpec(dataset, cells) {
  const values = cells
    .filter((c) => c.n > 0)
    .map((c) => ({ row: variantLabel(c.variant), error: 100 * c.mean, lo: 100 * (c.mean - (c.std || 0)), hi: 100 * (c.mean + (c.std || 0)) }));
  const y = { field: 'row', type: 'nominal', title: null, sort: null, axis: { labelLimit: 400 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${DATASET_LABELS[dataset] ?? dataset}: ablations (test error, mean ± std)`,
    width: 360,
    background: 'white',
    data: { values },
    encoding: { y },
    layer: [
      { mark: { type: 'point', filled: true }, encoding: { x: { field: 'error', type: 'quantitative', title: 'test error (%)', scale: { zero: false } } } },
      { mark: { type: 'rule' }, encoding: { x: { field: 'lo', type: 'quantitative', title: 'test error (%)' }, x2: { field: 'hi' } } },
    ],
  };
}

/**
 * Writes every figure (SVG and PNG) into `dir`; returns their file names relative to it.
 * @param {string} dir
 * @param {Map<string, import('./summary.mjs').Cell>} cells
 */
export async function writeFigures(dir, cells) {
  // the trainer's renderer (vega → SVG, resvg → PNG with its font choice), loaded as the workers load it
  const { trainer } = await loadPackages();
  const font = trainer.fontOptions();
  mkdirSync(dir, { recursive: true });
  const all = [...cells.values()];
  const datasets = [...new Set(all.map((c) => c.dataset))];
  /** @type {{ title: string, svg: string, png: string }[]} */
  const figures = [];
  const emit = async (name, title, spec) => {
    const svg = await trainer.specToSvg(spec);
    writeFileSync(join(dir, `${name}.svg`), svg);
    writeFileSync(join(dir, `${name}.png`), trainer.svgToPng(svg, font));
    figures.push({ title, svg: `${name}.svg`, png: `${name}.png` });
  };
  for (const d of datasets) {
    const main = all.filter((c) => c.dataset === d && !c.ablation && c.n > 0);
    if (main.length) await emit(`${d}-error-vs-fraction`, `${DATASET_LABELS[d] ?? d}: error vs training fraction`, errorVsFractionSpec(d, main));
    const abl = all.filter((c) => c.dataset === d && c.n > 0 && c.fraction === 1 && (c.ablation || all.some((a) => a.ablation && a.dataset === d && a.fraction === 1 && a.variant.startsWith(c.variant))));
    if (abl.some((c) => c.ablation)) await emit(`${d}-ablations`, `${DATASET_LABELS[d] ?? d}: ablations`, ablationSpec(d, abl));
  }
  return figures;
}
