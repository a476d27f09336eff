import { OptionError, ShapeError } from './errors.js';
import { modelSite } from './validate.js';

/**
 * A mix plan: everything random about one mixed batch, as plain data. Mixing is a pure function of
 * (inputs, plan), so AMP can replay a plan with a perturbed λ and the same partners and site.
 */
export interface MixPlan {
  /** Per-example mixing coefficient λ_i ∈ [0, 1] used for the targets (length = batch size). */
  readonly lambda: Float32Array;
  /** Partner index π(i) of each example (length = batch size, values in [0, batch size)). */
  readonly partners: Int32Array;
  /** The model site the mix happens at, e.g. `input`, `hidden1`, `word`, `sentence`. */
  readonly site: string;
  /** Variant-specific data (CutMix boxes, …). Plain JSON-able values. */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/**
 * Checks a plan handed in by any policy (built-in or user-written): lengths agree with the batch,
 * λ ∈ [0, 1], partners in range, site offered by the model. Throws an {@link OptionError} naming the
 * offending field and value.
 */
export function validatePlan(plan: MixPlan, batchSize: number, sites?: readonly string[]): MixPlan {
  if (!(plan.lambda instanceof Float32Array)) throw new OptionError('plan.lambda', plan.lambda, 'a Float32Array');
  if (!(plan.partners instanceof Int32Array)) throw new OptionError('plan.partners', plan.partners, 'an Int32Array');
  if (plan.lambda.length !== batchSize) {
    throw new ShapeError(`plan.lambda has ${plan.lambda.length} entries but the batch has ${batchSize} examples`);
  }
  if (plan.partners.length !== batchSize) {
    throw new ShapeError(`plan.partners has ${plan.partners.length} entries but the batch has ${batchSize} examples`);
  }
  for (let i = 0; i < batchSize; i++) {
    const l = plan.lambda[i];
    if (!(l >= 0 && l <= 1)) throw new OptionError(`plan.lambda[${i}]`, l, 'a number in [0, 1]');
    const p = plan.partners[i];
    if (p < 0 || p >= batchSize) throw new OptionError(`plan.partners[${i}]`, p, `an index in [0, ${batchSize - 1}]`);
  }
  if (sites) modelSite('plan.site', plan.site, sites);
  return plan;
}

/** A plan that leaves every example unmixed (λ = 1, each its own partner) at `site`. */
export function identityPlan(batchSize: number, site: string): MixPlan {
  const partners = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) partners[i] = i;
  return { lambda: new Float32Array(batchSize).fill(1), partners, site };
}
