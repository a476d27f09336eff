import { integerAtLeast } from '../validate.js';

/** Why AMP was found inert: λ' never moved by the mixer's resolution, or ℓ' never exceeded ℓ. */
export type InertAmpReason = 'delta-below-resolution' | 'mask-rate-zero';

/** What {@link createInertAmpMonitor} reports, once, when AMP has done nothing for `steps` steps in a row. */
export interface InertAmpReport {
  /** The step (as fed, counting from 1) at which the report was made. */
  step: number;
  /** Consecutive inert steps seen. */
  steps: number;
  reason: InertAmpReason;
  /** Mean |λ' − λ| over those steps. */
  meanAbsDeltaLambda: number;
  /** Mean of the mixer's per-example resolution over those steps (0 for a continuous mix). */
  meanResolution: number;
  /** One line in library terms: what was seen and what to change. */
  message: string;
}

/** One step as {@link InertAmpMonitor.observe} takes it. */
export interface InertAmpStep {
  /** The plan's λ per example. */
  lambda: ArrayLike<number>;
  /** AMP's λ' per example. */
  lambdaPrime: ArrayLike<number>;
  /** The step's fraction of examples trained on ℓ'. */
  maskRate: number;
  /** `mixer.lambdaResolution(plan)`: the smallest |Δλ| that changes the mix; omitted for a continuous mix. */
  resolution?: ArrayLike<number> | null;
}

/** Watches AMP's per-step statistics; see {@link createInertAmpMonitor}. */
export interface InertAmpMonitor {
  /** Feeds one (not skipped) step; returns the report the first time AMP has been inert for `steps` steps in a row, else null. */
  observe(step: InertAmpStep): InertAmpReport | null;
  /** The report made so far, or null. */
  readonly report: InertAmpReport | null;
}

/**
 * A monitor that tells, once per run, when AMP (Liu et al., EMNLP 2021, arXiv 2109.07177) does nothing: a step
 * is inert when no example's |λ'_i − λ_i| reaches the mixer's resolution (any non-zero change for a continuous
 * mix; one pixel of box side for CutMix — `Mixer.lambdaResolution`), or when its mask rate is 0 (every example
 * kept ℓ). After `steps` inert steps in a row (default 20) it reports, and never again. Typical causes: a batch
 * of one (each example is mixed with itself: the λ-gradient is 0), ε = 0, or ε too small for a discrete mix.
 */
export function createInertAmpMonitor(options: { steps?: number; mixerName?: string } = {}): InertAmpMonitor {
  const window = integerAtLeast('steps', options.steps ?? 20, 1);
  const mixer = options.mixerName ?? 'the mixer';
  let run = 0;
  let fed = 0;
  let sumDelta = 0;
  let sumRes = 0;
  let belowResolution = 0;
  let report: InertAmpReport | null = null;
  return {
    get report() {
      return report;
    },
    observe({ lambda, lambdaPrime, maskRate, resolution }: InertAmpStep): InertAmpReport | null {
      fed += 1;
      if (report) return null;
      let moved = false;
      let delta = 0;
      let res = 0;
      for (let i = 0; i < lambda.length; i++) {
        const d = Math.abs(lambdaPrime[i] - lambda[i]);
        const r = resolution ? resolution[i] : 0;
        delta += d;
        res += Number.isFinite(r) ? r : 0;
        if (d > 0 && d >= r) moved = true;
      }
      if (moved && maskRate > 0) {
        run = sumDelta = sumRes = belowResolution = 0;
        return null;
      }
      run += 1;
      sumDelta += delta / Math.max(lambda.length, 1);
      sumRes += res / Math.max(lambda.length, 1);
      if (!moved) belowResolution += 1;
      if (run < window) return null;
      const reason: InertAmpReason = belowResolution === run ? 'delta-below-resolution' : 'mask-rate-zero';
      const meanAbsDeltaLambda = sumDelta / run;
      const meanResolution = sumRes / run;
      const seen =
        reason === 'delta-below-resolution'
          ? meanResolution > 0
            ? `no example's λ' − λ reached ${mixer}'s resolution (mean |Δλ| ${meanAbsDeltaLambda.toExponential(2)} < ${meanResolution.toExponential(2)}, e.g. one pixel of box side)`
            : `λ' equalled λ for every example (mean |Δλ| ${meanAbsDeltaLambda.toExponential(2)}; a batch of one mixes each example with itself)`
          : `no example's loss rose at λ' (mask rate 0; mean |Δλ| ${meanAbsDeltaLambda.toExponential(2)})`;
      report = {
        step: fed,
        steps: run,
        reason,
        meanAbsDeltaLambda,
        meanResolution,
        message: `AMP is inert: over ${run} steps in a row ${seen}, so it trains as plain mixing. Raise amp.epsilon, try amp.gradScale 'sum', or use a batch larger than one.`,
      };
      return report;
    },
  };
}
