import type { TopLevelSpec } from 'vega-lite';
import type { ReportRun } from './series.js';
import { devErrorLines, lambdaBars, stepLines } from './series.js';
import { binnedSpec, histogramSpec, lineSpec } from './specs.js';

/** A figure to render: file stem, caption and vega-lite spec. */
export interface FigureSpec {
  stem: string;
  caption: string;
  spec: TopLevelSpec;
}

/**
 * The report's figures for `runs`, skipping those without data: training loss (the under-fitting
 * view: Mixup vs +AMP), dev error, λ/λ' histograms, AMP mask rate and mean |λ' − λ|.
 * `smooth` is the moving-average window in steps.
 */
export function reportFigures(runs: readonly ReportRun[], smooth: number): FigureSpec[] {
  const figs: FigureSpec[] = [];
  const loss = stepLines(runs, 'lossBefore', smooth);
  if (loss.some((p) => Number.isFinite(p.value))) {
    figs.push({
      stem: 'training-loss',
      caption: `Training loss at λ (the Mixup loss both runs share; moving average over ${smooth} steps). A lower curve with AMP is the relaxed under-fitting the paper describes.`,
      spec: lineSpec(loss, { title: 'Training loss (Mixup vs +AMP)', yTitle: 'mean per-example loss at λ' }),
    });
  }
  const dev = devErrorLines(runs);
  if (dev.length > 0) {
    figs.push({
      stem: 'dev-error',
      caption: 'Dev error at each evaluation.',
      spec: lineSpec(dev, { title: 'Dev error', yTitle: 'dev error (%)', points: true }),
    });
  }
  const bars = lambdaBars(runs);
  if (bars.length > 0) {
    figs.push({
      stem: 'lambda-histograms',
      caption: "Per-example λ of the sampled plans and λ' after AMP's gradient-ascent step (fraction of examples per bin).",
      spec: histogramSpec(bars, { title: "λ and λ' histograms", xTitle: 'value' }),
    });
  } else {
    const perStep = stepLines(runs, 'meanLambda', 1);
    if (perStep.some((p) => Number.isFinite(p.value))) {
      figs.push({
        stem: 'lambda-histograms',
        caption: 'Histogram of the batch-mean λ per step (the logs hold no per-example λ).',
        spec: binnedSpec(perStep, { title: 'Batch-mean λ per step', xTitle: 'mean λ of the batch' }),
      });
    }
  }
  const mask = stepLines(runs, 'maskRate', smooth);
  if (mask.some((p) => Number.isFinite(p.value) && p.value > 0)) {
    figs.push({
      stem: 'mask-rate',
      caption: `Fraction of examples trained on the perturbed loss ℓ' (moving average over ${smooth} steps).`,
      spec: lineSpec(mask, { title: 'AMP mask rate', yTitle: "fraction with ℓ' > ℓ", yZero: true }),
    });
    const delta = stepLines(runs, 'meanAbsDeltaLambda', smooth);
    figs.push({
      stem: 'delta-lambda',
      caption: `Mean |λ' − λ| per step (moving average over ${smooth} steps).`,
      spec: lineSpec(delta, { title: "Size of AMP's λ step", yTitle: "mean |λ' − λ|", yZero: true }),
    });
  }
  return figs;
}
