import { modelSite, OptionError } from '@ampmix/core';
import type { Rng } from '@ampmix/core';


/** Validates the `sites` option: a non-empty array of distinct, non-empty site names. */
export function validateSitesOption(sites: unknown): readonly string[] | undefined {
  if (sites === undefined) return undefined;
  if (!Array.isArray(sites) || sites.length === 0) throw new OptionError('sites', sites, 'a non-empty array of site names');
  sites.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0) throw new OptionError(`sites[${i}]`, s, 'a non-empty site name');
    if (sites.indexOf(s) !== i) throw new OptionError(`sites[${i}]`, s, 'a site not listed earlier (no duplicates)');
  });
  return [...sites] as string[];
}

/**
 * The sites a plan may use: the allowed ones (default all) in the model's order. An allowed site the
 * model does not offer is an {@link OptionError} naming it and listing the model's sites.
 */
export function candidateSites(allowed: readonly string[] | undefined, modelSites: readonly string[]): string[] {
  if (modelSites.length === 0) throw new OptionError('model sites', [...modelSites], 'at least one mix site');
  if (!allowed) return [...modelSites];
  allowed.forEach((s, i) => modelSite(`sites[${i}]`, s, modelSites));
  return modelSites.filter((s) => allowed.includes(s));
}

/** Draws one site uniformly from `candidates` (one draw from `rng`, even when there is a single candidate). */
export function drawSite(rng: Rng, candidates: readonly string[]): string {
  return candidates[rng.int(candidates.length)];
}
