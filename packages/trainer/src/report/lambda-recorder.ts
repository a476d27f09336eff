import type * as tf from '@tensorflow/tfjs';
import type { Mixer, MixContext, MixMethod, MixPolicy, PlanContext } from '@ampmix/core';
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

/** A {@link MixMethod} wrapped so that every λ and λ' it sees lands in {@link LambdaHistograms}. */
export interface LambdaRecorder {
  /** The wrapped method: hand this to the trainer instead of the original. */
  readonly method: MixMethod;
  /** Histograms so far (live object). */
  readonly histograms: LambdaHistograms;
}

/**
 * Wraps `method` to record per-example λ (from each plan the policy samples) and λ' (the λ the mixer
 * receives on AMP's `perturbed` pass that mixes every example at λ', i.e. the one without a
 * `perturbedMask`) into histograms with `bins` bins over [0, 1]. The wrapped policy and mixer inherit
 * every property of the originals (e.g. a mixer's `surrogateGradient`) and pass plans and mixes through
 * unchanged. Reading λ' costs one small synchronous read per AMP step.
 */
export function recordLambdas(method: MixMethod, bins = 20): LambdaRecorder {
  const histograms: LambdaHistograms = {
    steps: 0,
    lambda: emptyHistogram(bins, 0, 1),
    lambdaPrime: emptyHistogram(bins, 0, 1),
  };
  const inner = method;
  const policy: MixPolicy = Object.create(inner.policy, {
    plan: {
      value(context: PlanContext) {
        const plan = inner.policy.plan(context);
        histograms.steps++;
        addToHistogram(histograms.lambda, plan.lambda);
        return plan;
      },
    },
  });
  // a model may call mix several times in one pass (e.g. once per conv width under a linear mix): count each λ' tensor once
  const recorded = new WeakSet<tf.Tensor>();
  const mixer: Mixer = Object.create(inner.mixer, {
    mix: {
      value(h: tf.Tensor, context: MixContext) {
        if (context.pass === 'perturbed' && context.perturbedMask === undefined && !recorded.has(context.lambda)) {
          recorded.add(context.lambda);
          addToHistogram(histograms.lambdaPrime, context.lambda.dataSync());
        }
        return inner.mixer.mix(h, context);
      },
    },
  });
  return { method: { ...method, policy, mixer }, histograms };
}
