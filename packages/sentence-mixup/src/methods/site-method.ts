import { betaPolicy, linearMixer, noUnknownKeys, OptionError, resolveBetaPolicyOptions } from '@ampmix/core';
import type { BetaPolicyOptions, MixMethod } from '@ampmix/core';

/**
 * A Mixup method that interpolates at one fixed site with λ ~ Beta(α, α) and a random partner
 * permutation. `site` may be passed only with the method's own value.
 */
export function fixedSiteMethod(name: string, site: string, options: BetaPolicyOptions): MixMethod {
  noUnknownKeys(name, options, ['alpha', 'granularity', 'site']);
  if (options.site !== undefined && options.site !== site) throw new OptionError('site', options.site, `"${site}" (${name} always mixes there) or omitted`);
  const resolved = resolveBetaPolicyOptions({ alpha: options.alpha, granularity: options.granularity, site });
  return { name, policy: { ...betaPolicy(resolved), name }, mixer: linearMixer };
}
