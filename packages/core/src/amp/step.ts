import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '../model.js';
import type { MixPlan } from '../plan.js';
import type { Mixer, MixPass } from '../mixer.js';
import type { LossName } from '../losses.js';
import { perExampleLoss } from '../losses.js';
import { mixTargets, toTargets } from '../targets.js';
import type { ResolvedAmpOptions } from './options.js';
import { LOSS_DIFFERENCE_ULPS } from './options.js';
import type { AmpSetting } from './setting.js';
import { checkMixStepArgs } from './step-args.js';
import type { ReweightHistory } from './reweight.js';
import { emptyReweightHistory, pushReweightHistory, reweight } from './reweight.js';
import type { Rng } from '../rng.js';
import { OptionError, ShapeError } from '../errors.js';
import { createStepCache } from '../step-cache.js';
import { createTapeGuard, zeroLossOf } from './tape-guard.js';
import type { StepCache } from '../step-cache.js';
import type { RowSparseGradient } from '../row-sparse.js';
import { prepareRowLookups } from '../row-sparse.js';

/** Mutable state the AMP engine carries across steps (re-weighting history). Plain data. */
export interface AmpState {
  reweight: ReweightHistory;
}

/** A fresh {@link AmpState}. */
export function createAmpState(): AmpState {
  return { reweight: emptyReweightHistory() };
}

/** Arguments of {@link mixStep}. */
export interface MixStepArgs<I> {
  model: MixableModel<I>;
  inputs: I;
  /** Class indices [B] (int32, or float32 integers) in [0, C), or soft targets [B, C] (rows ≥ 0 summing to 1). */
  labels: tf.Tensor;
  /** The plan to mix with; `null` or omitted trains without mixing. */
  plan?: MixPlan | null;
  /** How to mix at the plan's site; default linear interpolation. */
  mixer?: Mixer;
  /** Per-example loss; default `softmax-ce`. */
  loss?: LossName;
  /**
   * AMP options: `resolveAmpOptions`'s result, or raw `AmpOptions` (resolved here: `{}` is the paper's defaults);
   * `null`, `false` or omitted is plain Mixup.
   */
  amp?: AmpSetting;
  /** AMP state across steps; required when re-weighting. Updated after a step that is not skipped. */
  ampState?: AmpState;
  /** Training mode (dropout); default true. */
  training?: boolean;
  /**
   * Dropout seed of this step, shared by all passes so ℓ and ℓ' differ only by λ. Required (or `rng`) for
   * a training-mode AMP step.
   */
  seed?: number;
  /** Generator for the random-direction ablation (`amp.direction = 'random'`) and the default dropout seed. */
  rng?: Rng;
  /** Also return the per-example values (λ-gradient, λ', losses, mask, weights). */
  details?: boolean;
  /**
   * Weights (by the model's names) whose gradient to return row-sparse, in `sparseGrads`, instead of dense in
   * `grads`: each must be a [rows, D] weight the model lists in `rowLookups` (the text models' `embedding`). The
   * step gathers the looked-up rows once and differentiates with respect to them, so the dense [rows, D]
   * gradient is never formed (nor its norm over every row). Same values as the dense gradient's rows. Default none.
   */
  sparseGradients?: readonly string[];
}

/** Scalar statistics of one step. */
export interface MixStepStats {
  /** The loss whose gradients were returned. */
  loss: number;
  /** Mean per-example loss at λ (the plain Mixup loss). */
  lossBefore: number;
  /** Mean per-example loss at λ' (equals lossBefore without AMP). */
  lossAfter: number;
  /** Mean λ of the plan (1 without mixing). */
  meanLambda: number;
  /** Mean |λ' − λ| (0 without AMP). */
  meanAbsDeltaLambda: number;
  /** Fraction of examples trained on ℓ' (0 without AMP). */
  maskRate: number;
  /** Global L2 norm of the returned gradients. */
  gradNorm: number;
  /** True when the loss, λ-gradient or gradients were not finite: no gradients are returned. */
  skipped: boolean;
}

/** Per-example values of one step, for tests, the golden check and diagnostics. */
export interface MixStepDetails {
  lossBefore: Float32Array;
  lambdaGrad: Float32Array;
  lambdaPrime: Float32Array;
  lossAfter: Float32Array;
  mask: Float32Array;
  weight: Float32Array;
  /** d = ℓ' − ℓ as the mask and re-weighting used it (see `AmpOptions.lossDifference`); 0 without AMP. */
  lossDelta: Float32Array;
}

/** Result of {@link mixStep}. The caller owns (and must dispose) `grads`. */
export interface MixStepResult {
  /** Gradients by the model's weight names (those in `sparseGradients` excepted); `null` when the step was skipped. */
  grads: Record<string, tf.Tensor> | null;
  /** With `sparseGradients`: those weights' row-sparse gradients (the caller owns them); `null` when skipped. */
  sparseGrads?: Record<string, RowSparseGradient> | null;
  stats: MixStepStats;
  details?: MixStepDetails;
}

/**
 * One training step's loss and gradients, with or without mixing and with or without AMP — the single
 * code path the trainer, the golden check and every variant use.
 *
 * AMP (Liu et al., "Adversarial Mixing Policy for Relaxing Locally Linear Constraints in Mixup",
 * EMNLP 2021, arXiv 2109.07177), min-max-rand:
 * 1. Rand: the plan (λ, partners, site) was sampled by a policy; targets are mixed with λ.
 * 2. Max: g = ∂ mean_i ℓ_i(λ) / ∂λ through the example mix only; λ' = clip(λ + ε·g, 0, 1).
 * 3. Min: recompute at λ' with the same partners and site; m_i = [ℓ'_i > ℓ_i];
 *    loss = mean_i w_i·(m_i·ℓ'_i + (1 − m_i)·ℓ_i), w_i = 1 or the re-weighting.
 *
 * The three passes of an AMP step share a {@link StepCache} (`ForwardOptions.stepCache`) for what does not
 * depend on the mix: its plain entries serve the λ-gradient and Min passes and are freed before the taped
 * training pass; the entries whose gradient the model supplies (`memoWithGradient`) serve that pass too.
 *
 * Variants never re-implement steps 2 and 3: they supply a policy (plan) and a mixer.
 *
 * Every argument is checked before a tensor is made (an `OptionError` or `ShapeError` naming the argument, the
 * value and the valid range): unknown keys, labels, the plan, the loss name, the AMP options. A call that throws
 * leaves no tensor behind.
 */
export async function mixStep<I>(args: MixStepArgs<I>): Promise<MixStepResult> {
  // every argument checked before a tensor is made; raw AMP options resolved (the one path)
  const { batch, lossName, mixer, amp, training } = await checkMixStepArgs(args);
  const { model, inputs, labels } = args;
  if (amp?.lossDifference === 'first-order' && mixer.surrogateGradient) {
    throw new OptionError('lossDifference', 'first-order', `"auto" or "subtraction" with the ${mixer.name} mixer (its λ-gradient is a surrogate's)`);
  }
  const sparseNames = args.sparseGradients ?? [];
  const varList = Object.entries(model.weights).filter(([k]) => !sparseNames.includes(k)).map(([, v]) => v);
  const localName = new Map(Object.entries(model.weights).map(([k, v]) => [v.name, k]));
  const plan = args.plan ?? null;
  // dropout is seeded (never by tfjs's Math.random); AMP's passes must share its masks: without a seed, draw
  // one from rng, or fail clearly on an AMP step
  let seed = args.seed;
  if (seed === undefined && training && args.rng) seed = args.rng.nextSeed();
  if (seed === undefined && training && plan && amp) {
    throw new OptionError('seed', seed, 'an integer dropout seed (or an rng) for a training-mode AMP step');
  }

  // shared by AMP's passes: plain entries by the λ-gradient and Min passes, those with a gradient by all three
  const stepCache = createStepCache();
  // the rows of the `sparseGradients` weights, gathered once: the training pass differentiates with respect to them
  const lookups = sparseNames.length ? await prepareRowLookups(model, inputs, sparseNames) : null;
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const baseTargets = own(toTargets(labels, model.numClasses));
    const lambdaT = own(tf.tensor1d(plan ? plan.lambda : new Float32Array(batch).fill(1), 'float32'));
    const partnersT = own(tf.tensor1d(plan ? plan.partners : Int32Array.from({ length: batch }, (_, i) => i), 'int32'));
    const targets = plan ? own(mixTargets(baseTargets, partnersT, lambdaT)) : baseTargets;
    const lossAt = (lambda: tf.Tensor1D | null, pass: MixPass, perturbedMask?: tf.Tensor1D, cached = false): tf.Tensor1D => {
      const logits = model.forward(inputs, {
        stepCache: cached ? stepCache : undefined,
        site: plan?.site,
        mix: plan && lambda ? (h) => mixer.mix(h, { plan, lambda, partners: partnersT, pass, perturbedMask }) : undefined,
        linear: plan && lambda ? mixer.linear === true : undefined,
        partners: plan ? partnersT : undefined,
        rows: lookups?.rowsForPass(),
        training,
        seed,
      });
      if (logits.rank !== 2 || logits.shape[0] !== batch || logits.shape[1] !== model.numClasses) {
        logits.dispose();
        throw new ShapeError(`model returned logits of shape [${logits.shape.join(', ')}]; expected [${batch}, ${model.numClasses}]`);
      }
      return perExampleLoss(lossName, logits, targets);
    };

    let lambdaGrad: tf.Tensor1D;
    let lambdaPrime: tf.Tensor1D;
    let before: tf.Tensor1D;
    let after: tf.Tensor1D;
    let mask: tf.Tensor1D;
    let weight: tf.Tensor1D;
    let delta: tf.Tensor1D;
    let trainLambda: tf.Tensor1D | null = plan ? lambdaT : null;
    // the taped passes may throw (a model, a mixer): the guard lets tfjs free what it saved for backprop first
    const guard = createTapeGuard();
    if (plan && amp) {
      // Max: λ-gradient of the batch-mean (or sum) loss, through the example mix only (targets use λ as a constant).
      let gradPassLoss!: tf.Tensor1D;
      lambdaGrad = own(
        tf.grad(
          guard.wrap(
            (l: tf.Tensor) => {
              gradPassLoss = tf.keep(lossAt(l as tf.Tensor1D, 'gradient', undefined, true));
              return amp.gradScale === 'sum' ? tf.sum(gradPassLoss) : tf.mean(gradPassLoss);
            },
            (l: tf.Tensor) => tf.sum(tf.mul(l, 0)),
          ),
        )(lambdaT) as tf.Tensor1D,
      );
      guard.rethrow();
      own(gradPassLoss);
      // ℓ(λ): the Max pass computed it, unless the mixer's gradient pass is a surrogate (CutMix's soft box)
      before = mixer.surrogateGradient ? own(tf.tidy(() => lossAt(lambdaT, 'plan', undefined, true))) : gradPassLoss;
      lambdaPrime = own(
        tf.tidy(() => {
          let step = tf.mul(lambdaGrad, amp.epsilon);
          if (amp.direction === 'random') {
            const signs = Float32Array.from({ length: batch }, () => (args.rng!.next() < 0.5 ? -1 : 1));
            step = tf.mul(tf.abs(step), tf.tensor1d(signs));
          }
          const moved = tf.add(lambdaT, step);
          return (amp.clip ? tf.clipByValue(moved, 0, 1) : moved) as tf.Tensor1D;
        }),
      );
      // Min: ℓ' at λ' (same partners, site and dropout), mask m = [ℓ' > ℓ] (equality keeps ℓ), weights w.
      after = own(tf.tidy(() => lossAt(lambdaPrime, 'perturbed', undefined, true)));
      stepCache.enterTrainingPass();
      delta = own(lossDifference(amp, mixer, before, after, lambdaT, lambdaPrime, lambdaGrad));
      mask = own(tf.tidy(() => tf.cast(tf.greater(delta, 0), 'float32') as tf.Tensor1D));
      weight = own(tf.tidy(() => (amp.reweightWindow ? reweight(delta, args.ampState!.reweight) : (tf.onesLike(before) as tf.Tensor1D))));
      // Each example's loss is ℓ_i(λ*_i) with λ* = m ? λ' : λ, so one taped pass gives the gradient of
      // mean_i w_i·(m_i·ℓ'_i + (1 − m_i)·ℓ_i) exactly (shared dropout seed: same values as above).
      trainLambda = own(tf.tidy(() => tf.where(tf.cast(mask, 'bool'), lambdaPrime, lambdaT) as tf.Tensor1D));
    } else {
      lambdaGrad = own(tf.zeros([batch]) as tf.Tensor1D);
      lambdaPrime = lambdaT;
      mask = own(tf.zeros([batch]) as tf.Tensor1D);
      weight = own(tf.ones([batch]) as tf.Tensor1D);
      delta = mask;
    }

    let trained!: tf.Tensor1D;
    // tf.variableGrads, with the looked-up rows as extra sources
    const sources: tf.Tensor[] = [...varList, ...(lookups?.sources ?? [])];
    const taped = tf.engine().gradients(
      guard.wrap(
        () => {
          const l = plan && amp ? lossAt(trainLambda, 'perturbed', mask, true) : lossAt(trainLambda, 'plan');
          trained = tf.keep(l);
          return tf.mean(tf.mul(weight, l)) as tf.Scalar;
        },
        () => zeroLossOf(sources),
      ),
      sources,
      undefined,
      true,
    );
    const value = taped.value;
    const grads: Record<string, tf.Tensor> = {};
    varList.forEach((v, i) => {
      if (taped.grads[i]) grads[v.name] = taped.grads[i];
    });
    const rowGrads = taped.grads.slice(varList.length).filter((g): g is tf.Tensor => Boolean(g));
    guard.rethrow(value, grads, rowGrads);
    own(trained);
    // a lookup whose rows the forward pass never read would silently train that weight with a zero gradient
    const unread = sparseNames.filter((_, k) => !taped.grads[varList.length + k]);
    if (unread.length || (Object.keys(grads).length === 0 && !lookups)) {
      tf.dispose([value, ...Object.values(grads), ...rowGrads]);
      throw new ShapeError(
        unread.length
          ? `model.forward did not read ForwardOptions.rows.${unread[0]}, though model.rowLookups lists "${unread[0]}": read the rows when given, or leave it out of sparseGradients`
          : `the loss reached none of model.weights (${Object.keys(model.weights).join(', ')}): no gradient to return`,
      );
    }
    const sparse = lookups ? lookups.gradients(rowGrads) : null;
    if (!(plan && amp)) {
      before = trained;
      after = trained;
    }
    own(value);
    const named: Record<string, tf.Tensor> = {};
    for (const [k, g] of Object.entries(grads)) named[localName.get(k) ?? k] = g;

    // One read-back per step: scalar stats, then the per-example vectors.
    const packed = own(
      tf.tidy(() => {
        const sq = [...Object.values(named), ...Object.values(sparse ?? {}).map((g) => g.values)].map((g) => tf.sum(tf.square(g)));
        const gradNorm = tf.sqrt(sq.length ? tf.addN(sq) : tf.scalar(0));
        const scalars = tf.stack([
          value,
          tf.mean(before),
          tf.mean(after),
          tf.mean(lambdaT),
          tf.mean(tf.abs(tf.sub(lambdaPrime, lambdaT))),
          tf.mean(mask),
          gradNorm,
        ]);
        return tf.concat([scalars, before, lambdaGrad, lambdaPrime, after, mask, weight, delta]);
      }),
    );
    const data = (await packed.data()) as Float32Array;
    const s = data.subarray(0, 7);
    const vec = (k: number) => data.slice(7 + k * batch, 7 + (k + 1) * batch);
    const g = vec(1);
    const skipped = !s.every(Number.isFinite) || !g.every(Number.isFinite);
    if (skipped) {
      for (const t of Object.values(named)) t.dispose();
      for (const g of Object.values(sparse ?? {})) tf.dispose([g.indices, g.values]);
    } else if (amp?.reweightWindow) {
      pushReweightHistory(args.ampState!.reweight, vec(6), amp.reweightWindow);
    }
    const stats: MixStepStats = {
      loss: s[0],
      lossBefore: s[1],
      lossAfter: s[2],
      meanLambda: s[3],
      meanAbsDeltaLambda: s[4],
      maskRate: s[5],
      gradNorm: s[6],
      skipped,
    };
    const details = args.details
      ? { lossBefore: vec(0), lambdaGrad: g, lambdaPrime: vec(2), lossAfter: vec(3), mask: vec(4), weight: vec(5), lossDelta: vec(6) }
      : undefined;
    return { grads: skipped ? null : named, ...(sparse ? { sparseGrads: skipped ? null : sparse } : {}), stats, details };
  } finally {
    stepCache.dispose();
    lookups?.dispose();
    for (const t of owned) if (!t.isDisposed) t.dispose();
  }
}

/**
 * d = ℓ' − ℓ per example, as `amp.lossDifference` says: the subtraction, the first-order term
 * (λ' − λ)·∂ℓ_i/∂λ_i (∂ℓ_i/∂λ_i = B·g with `gradScale: 'mean'`, g with `'sum'`), or (`auto`) the first-order term
 * where |ℓ' − ℓ| < {@link LOSS_DIFFERENCE_ULPS}·2⁻²³·max(|ℓ|, |ℓ'|) and the subtraction elsewhere. A surrogate-gradient
 * mixer always gets the subtraction.
 */
function lossDifference(
  amp: ResolvedAmpOptions, mixer: Mixer, before: tf.Tensor1D, after: tf.Tensor1D, lambda: tf.Tensor1D, lambdaPrime: tf.Tensor1D,
  lambdaGrad: tf.Tensor1D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const sub = tf.sub(after, before) as tf.Tensor1D;
    if (amp.lossDifference === 'subtraction' || mixer.surrogateGradient) return sub;
    const slope = amp.gradScale === 'mean' ? tf.mul(lambdaGrad, lambda.shape[0]) : lambdaGrad;
    const firstOrder = tf.mul(tf.sub(lambdaPrime, lambda), slope) as tf.Tensor1D;
    if (amp.lossDifference === 'first-order') return firstOrder;
    const rounding = tf.mul(tf.maximum(tf.abs(before), tf.abs(after)), LOSS_DIFFERENCE_ULPS * 2 ** -23);
    return tf.where(tf.less(tf.abs(sub), rounding), firstOrder, sub) as tf.Tensor1D;
  });
}
