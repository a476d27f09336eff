import type { TopLevelSpec } from 'vega-lite';
import type { ReportRun } from './series.js';
import { devErrorLines, histogramBars, isAmpRun, lambdaBars, lossDifferenceLines, lossGapLines, signedLogBars, stepLines, zeroShare } from './series.js';
import type { HistogramBar, LinePoint } from './specs.js';
import { binnedSpec, histogramSpec, lineSpec } from './specs.js';

/** A figure to render: file stem, caption and vega-lite spec. */
export interface FigureSpec {
  stem: string;
  caption: string;
  spec: TopLevelSpec;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** A y range of at least `minSpan` (clamped to [lo, hi]) around the values, so a short run's flat curve gets whole ticks. */
export function paddedDomain(points: readonly LinePoint[], minSpan: number, lo: number, hi: number): [number, number] | undefined {
  const v = points.map((p) => p.value).filter(Number.isFinite);
  if (v.length === 0) return undefined;
  const [min, max] = [Math.min(...v), Math.max(...v)];
  if (max - min >= minSpan) return undefined;
  const mid = (min + max) / 2;
  let a = Math.max(lo, mid - minSpan / 2);
  let b = Math.min(hi, a + minSpan);
  a = Math.max(lo, b - minSpan);
  b = Math.min(hi, Math.max(b, max));
  return [Math.floor(a), Math.ceil(b)];
}

/** Signed log-histogram panels of every AMP run that recorded `key`, with the share of exact zeros per run. */
function signedPanels(runs: readonly ReportRun[], key: 'deltaLambda' | 'lossDelta', names: { positive: string; negative: string }) {
  const bars: HistogramBar[] = [];
  const zeros: string[] = [];
  for (const run of runs.filter(isAmpRun)) {
    const h = run.lambda?.[key];
    if (!h) continue;
    const b = signedLogBars(run.label, h, names);
    if (b.length === 0) continue;
    bars.push(...b);
    zeros.push(`${run.label}: ${pct(zeroShare(h))}`);
  }
  return { bars, zeros: zeros.join('; ') };
}

/**
 * The report's figures for `runs`, skipping those without data: training loss at λ (Mixup vs +AMP) and, for an
 * AMP run paired with a run without AMP of the same seed, their difference; dev error; λ/λ' histograms; what AMP
 * did, for AMP runs only: the distribution of Δλ = λ' − λ and of ℓ(λ') − ℓ(λ) (log10 of the magnitude, by sign),
 * the re-weighting's weights, the mask rate, mean |λ' − λ| (log scale) and the mean ℓ(λ') − ℓ(λ) per step.
 * `smooth` is the moving-average window in steps.
 */
export function reportFigures(runs: readonly ReportRun[], smooth: number): FigureSpec[] {
  const figs: FigureSpec[] = [];
  const amp = runs.filter(isAmpRun);
  const loss = stepLines(runs, 'lossBefore', smooth);
  if (loss.some((p) => Number.isFinite(p.value))) {
    figs.push({
      stem: 'training-loss',
      caption: `Training loss at λ (the Mixup loss both runs share; moving average over ${smooth} steps). A lower curve with AMP is the relaxed under-fitting the paper describes; the next figure shows the difference.`,
      spec: lineSpec(loss, { title: 'Training loss (Mixup vs +AMP)', yTitle: 'mean per-example loss at λ' }),
    });
  }
  const diff = lossDifferenceLines(runs, smooth);
  if (diff.some((p) => Number.isFinite(p.value))) {
    figs.push({
      stem: 'training-loss-difference',
      caption: `Training loss at λ of each AMP run minus that of the run without AMP with the same seed (moving average over ${smooth} steps); below the dashed zero line AMP's loss is lower.`,
      spec: lineSpec(diff, { title: 'Training loss difference (+AMP − Mixup)', yTitle: 'difference of mean loss at λ', zeroRule: true }),
    });
  }
  const dev = devErrorLines(runs);
  if (dev.length > 0) {
    figs.push({
      stem: 'dev-error',
      caption: 'Dev error at each evaluation.',
      spec: lineSpec(dev, { title: 'Dev error', yTitle: 'dev error (%)', points: true, yDomain: paddedDomain(dev, 10, 0, 100), yTickMinStep: 1 }),
    });
  }
  const bars = lambdaBars(runs);
  if (bars.length > 0) {
    figs.push({
      stem: 'lambda-histograms',
      caption: "Per-example λ of the sampled plans and λ' after AMP's gradient-ascent step (fraction of examples per bin, one outline per run). At a small ε the two look alike: the Δλ figure shows the step itself.",
      spec: histogramSpec(bars, { title: "λ and λ' histograms", xTitle: 'value' }),
    });
  } else {
    const perStep = stepLines(runs, 'meanLambda', 1);
    if (perStep.some((p) => Number.isFinite(p.value))) {
      figs.push({
        stem: 'lambda-histograms',
        caption: 'Histogram of the batch-mean λ per step, runs stacked (the logs hold no per-example λ).',
        spec: binnedSpec(perStep, { title: 'Batch-mean λ per step', xTitle: 'mean λ of the batch' }),
      });
    }
  }
  const dl = signedPanels(runs, 'deltaLambda', { positive: "λ' > λ", negative: "λ' < λ" });
  if (dl.bars.length > 0) {
    figs.push({
      stem: 'delta-lambda-distribution',
      caption: `Distribution of AMP's step Δλ = λ' − λ per example, as log10|Δλ|, for steps that raised λ and steps that lowered it (fraction of all examples). Exactly 0 (not drawn): ${dl.zeros}.`,
      spec: histogramSpec(dl.bars, { title: "AMP's step on λ, per example", xTitle: "log10 |λ' − λ|", xDomain: [-12, 0] }),
    });
  }
  const ld = signedPanels(runs, 'lossDelta', { positive: "ℓ(λ') > ℓ(λ): trained on ℓ'", negative: "ℓ(λ') < ℓ(λ): kept ℓ" });
  if (ld.bars.length > 0) {
    figs.push({
      stem: 'loss-delta-distribution',
      caption: `Distribution of ℓ(λ') − ℓ(λ) per example (the d AMP's mask and re-weighting use), as log10|d| by sign (fraction of all examples). Exactly 0 (kept ℓ): ${ld.zeros}.`,
      spec: histogramSpec(ld.bars, { title: "ℓ(λ') − ℓ(λ), per example", xTitle: "log10 |ℓ(λ') − ℓ(λ)|", xDomain: [-12, 2] }),
    });
  }
  const weighted = amp.filter((r) => {
    const a = r.log.config.amp as { reweightWindow?: unknown };
    return typeof a.reweightWindow === 'number' && r.lambda?.weight;
  });
  if (weighted.length > 0) {
    figs.push({
      stem: 'reweight-weights',
      caption: "Per-example weights w_i of AMP's re-weighting (1 + z-score of d above the mean of the positive d, else 1; fraction of examples per bin; weights above 6 are counted but not drawn).",
      spec: histogramSpec(
        weighted.flatMap((r) => histogramBars(r.label, 'weight w_i', r.lambda!.weight!)),
        { title: 'Re-weighting: per-example weights', xTitle: 'w_i', xDomain: [0, 6] },
      ),
    });
  }
  if (amp.length > 0) {
    const mask = stepLines(amp, 'maskRate', smooth);
    if (mask.some((p) => Number.isFinite(p.value))) {
      figs.push({
        stem: 'mask-rate',
        caption: `Fraction of examples trained on the perturbed loss ℓ' (AMP runs; moving average over ${smooth} steps).`,
        spec: lineSpec(mask, { title: 'AMP mask rate', yTitle: "fraction with ℓ' > ℓ", yZero: true }),
      });
    }
    const delta = stepLines(amp, 'meanAbsDeltaLambda', smooth);
    if (delta.some((p) => Number.isFinite(p.value) && p.value > 0)) {
      figs.push({
        stem: 'delta-lambda',
        caption: `Mean |λ' − λ| per step (AMP runs; moving average over ${smooth} steps; log scale).`,
        spec: lineSpec(delta, { title: "Size of AMP's λ step", yTitle: "mean |λ' − λ|", yLog: true }),
      });
    }
    const gap = lossGapLines(amp, smooth);
    if (gap.some((p) => Number.isFinite(p.value))) {
      figs.push({
        stem: 'loss-gap',
        caption: `Batch mean of ℓ(λ') − ℓ(λ) per step: how much AMP's step raised the loss (AMP runs; moving average over ${smooth} steps).`,
        spec: lineSpec(gap, { title: "ℓ(λ') − ℓ(λ) per step", yTitle: "mean ℓ(λ') − ℓ(λ)", zeroRule: true }),
      });
    }
  }
  return figs;
}
