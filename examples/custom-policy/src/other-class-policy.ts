import type { MixPlan, MixPolicy, PlanContext } from '@ampmix/core';
import { noUnknownKeys, numberInRange, OptionError } from '@ampmix/core';

/** Options of {@link otherClassPolicy}. */
export interface OtherClassPolicyOptions {
  /** Lower end of the λ band. Default 0.3. In [0, 1]. */
  low?: number;
  /** Upper end of the λ band. Default 0.7. In [low, 1]. */
  high?: number;
  /** Site to mix at. Default `input`. */
  site?: string;
}

/**
 * A user-written mixing policy (not part of any package): each example is mixed with a partner drawn
 * uniformly from the examples of the batch that have a *different* class (itself when the batch holds one
 * class only), and λ is drawn uniformly from the band [low, high] (default [0.3, 0.7]), so every synthetic
 * example is a real blend of two classes. Reads the batch labels from the plan context (the trainer passes
 * them); draws only from the context's `rng`.
 */
export function otherClassPolicy(options: OtherClassPolicyOptions = {}): MixPolicy {
  noUnknownKeys('otherClassPolicy', options, ['low', 'high', 'site']);
  const low = numberInRange('low', options.low ?? 0.3, 0, 1);
  const high = numberInRange('high', options.high ?? 0.7, low, 1);
  const site = options.site ?? 'input';
  return {
    name: 'other-class-band',
    plan({ batchSize, rng, sites, labels }: PlanContext): MixPlan {
      if (!sites.includes(site)) throw new OptionError('site', site, `one of the model's sites: ${sites.map((s) => JSON.stringify(s)).join(', ')}`);
      if (!labels || labels.length !== batchSize) {
        throw new OptionError('labels', labels, `the ${batchSize} class labels of the batch in the plan context (the trainer passes them)`);
      }
      const partners = new Int32Array(batchSize);
      const lambda = new Float32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        const others: number[] = [];
        for (let j = 0; j < batchSize; j++) if (labels[j] !== labels[i]) others.push(j);
        partners[i] = others.length ? others[rng.int(others.length)] : i;
        lambda[i] = low + (high - low) * rng.next();
      }
      return { lambda, partners, site };
    },
  };
}
