import type { AmpOptions } from './amp/options.js';
import { OptionError } from './errors.js';
import type { Mixer } from './mixer.js';
import { linearMixer } from './mixer.js';
import type { BetaPolicyOptions, MixPolicy } from './policy.js';
import { betaPolicy } from './policy.js';
import { noUnknownKeys } from './validate.js';

/**
 * A mixing method: a policy that samples plans and a mixer that applies them. Every variant package
 * exports factories returning one; a user's own method is just another object of this shape, and the
 * AMP engine works on it unchanged.
 */
export interface MixMethod {
  readonly name: string;
  readonly policy: MixPolicy;
  readonly mixer: Mixer;
  /**
   * AMP options this method works best with, filling what the user leaves unset (`resolveAmpOptions(options,
   * method.ampDefaults)`; the trainer does this). E.g. CutMix's `{ gradScale: 'sum', … }`: its box moves in
   * whole pixels. Omitted: the engine's defaults.
   */
  readonly ampDefaults?: AmpOptions;
}

/**
 * A Mixup method at one fixed site: λ ~ Beta(α, α) per example (or per batch), a random partner permutation,
 * and the linear mixer. `options.site` may be given only with `site`'s own value; `scope` names the options in
 * error messages (default `name`). Input Mixup, WordMixup and SenMixup are this at `input`, `word`, `sentence`.
 */
export function fixedSiteMethod(name: string, site: string, options: BetaPolicyOptions, scope = name): MixMethod {
  noUnknownKeys(scope, options, ['alpha', 'granularity', 'site']);
  if (options.site !== undefined && options.site !== site) throw new OptionError('site', options.site, `"${site}" (${name} always mixes there) or omitted`);
  return { name, policy: { ...betaPolicy({ alpha: options.alpha, granularity: options.granularity, site }), name }, mixer: linearMixer };
}
