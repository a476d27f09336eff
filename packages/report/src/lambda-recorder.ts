import type { MixStepStats } from '@ampmix/core';
import type { StepMixing } from '@ampmix/trainer';
import type { HistogramCounts, SignedLogHistogram } from './stats.js';
import { addToHistogram, addToSignedLogHistogram, emptyHistogram, emptySignedLogHistogram } from './stats.js';

/** Per-example histograms of λ (the plan's) and λ' (AMP's perturbed λ) over a whole run. */
export interface LambdaHistograms {
  /** Steps recorded. */
  steps: number;
  /** λ of every mixed example, over [0, 1]. */
  lambda: HistogramCounts;
  /** λ' of every example of an AMP step, over [0, 1] (values outside, with `clip: false`, go to below/above). */
  lambdaPrime: HistogramCounts;
  /** Δλ = λ' − λ of every AMP example, as log10|Δλ| over [−12, 0] by sign (absent in files of older versions). */
  deltaLambda?: SignedLogHistogram;
  /** d = ℓ(λ') − ℓ(λ) of every AMP example, as log10|d| over [−12, 2] by sign. */
  lossDelta?: SignedLogHistogram;
  /** AMP's per-example re-weighting weights over [0, 6] (all 1 without `reweight`). */
  weight?: HistogramCounts;
}

/** Collects {@link LambdaHistograms} from the steps of a run. */
export interface LambdaRecorder {
  /** Histograms so far (live object). */
  readonly histograms: LambdaHistograms;
  /** Hand to `train` as `callbacks.onBatchEnd` (or call it from yours with the same arguments). */
  readonly onBatchEnd: (step: number, stats: MixStepStats, mixing: StepMixing) => void;
}

/**
 * Records each step's per-example λ (the plan's) and AMP's λ' into histograms with `bins` bins over [0, 1], and for
 * AMP steps Δλ = λ' − λ and ℓ(λ') − ℓ(λ) (log10 of the magnitude, by sign) and the re-weighting's weights.
 * It reads what `train` already has on the CPU (the plan, and λ' from the engine's one read-back per step):
 * no wrapping of the method and no extra read from the backend.
 */
export function recordLambdas(bins = 20): LambdaRecorder {
  const histograms: LambdaHistograms = {
    steps: 0,
    lambda: emptyHistogram(bins, 0, 1),
    lambdaPrime: emptyHistogram(bins, 0, 1),
    deltaLambda: emptySignedLogHistogram(24, -12, 0),
    lossDelta: emptySignedLogHistogram(28, -12, 2),
    weight: emptyHistogram(24, 0, 6),
  };
  const onBatchEnd = (_step: number, _stats: MixStepStats, mixing: StepMixing): void => {
    if (!mixing.lambda) return;
    histograms.steps++;
    addToHistogram(histograms.lambda, mixing.lambda);
    if (mixing.lambdaPrime) {
      const lambda = mixing.lambda;
      addToHistogram(histograms.lambdaPrime, mixing.lambdaPrime);
      addToSignedLogHistogram(histograms.deltaLambda!, Array.from(mixing.lambdaPrime, (v, i) => v - lambda[i]));
    }
    if (mixing.lossDelta) addToSignedLogHistogram(histograms.lossDelta!, mixing.lossDelta);
    if (mixing.weight) addToHistogram(histograms.weight!, mixing.weight);
  };
  return { histograms, onBatchEnd };
}
