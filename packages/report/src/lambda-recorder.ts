import type { MixStepStats } from '@ampmix/core';
import type { StepMixing } from '@ampmix/trainer';
import type { HistogramCounts } from './stats.js';
import { addToHistogram, emptyHistogram } from './stats.js';

/** Per-example histograms of λ (the plan's) and λ' (AMP's perturbed λ) over a whole run. */
export interface LambdaHistograms {
  /** Steps recorded. */
  steps: number;
  /** λ of every mixed example, over [0, 1]. */
  lambda: HistogramCounts;
  /** λ' of every example of an AMP step, over [0, 1] (values outside, with `clip: false`, go to below/above). */
  lambdaPrime: HistogramCounts;
}

/** Collects {@link LambdaHistograms} from the steps of a run. */
export interface LambdaRecorder {
  /** Histograms so far (live object). */
  readonly histograms: LambdaHistograms;
  /** Hand to `train` as `callbacks.onBatchEnd` (or call it from yours with the same arguments). */
  readonly onBatchEnd: (step: number, stats: MixStepStats, mixing: StepMixing) => void;
}

/**
 * Records each step's per-example λ (the plan's) and AMP's λ' into histograms with `bins` bins over [0, 1].
 * It reads what `train` already has on the CPU (the plan, and λ' from the engine's one read-back per step):
 * no wrapping of the method and no extra read from the backend.
 */
export function recordLambdas(bins = 20): LambdaRecorder {
  const histograms: LambdaHistograms = {
    steps: 0,
    lambda: emptyHistogram(bins, 0, 1),
    lambdaPrime: emptyHistogram(bins, 0, 1),
  };
  const onBatchEnd = (_step: number, _stats: MixStepStats, mixing: StepMixing): void => {
    if (!mixing.lambda) return;
    histograms.steps++;
    addToHistogram(histograms.lambda, mixing.lambda);
    if (mixing.lambdaPrime) addToHistogram(histograms.lambdaPrime, mixing.lambdaPrime);
  };
  return { histograms, onBatchEnd };
}
