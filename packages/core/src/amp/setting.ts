import { OptionError } from '../errors.js';
import type { AmpOptions, ResolvedAmpOptions } from './options.js';
import { resolveAmpOptions } from './options.js';
import { isResolvedAmpOptions } from './resolved.js';

/** What `mixStep` and `train` take as `amp`: no AMP, raw {@link AmpOptions}, or `resolveAmpOptions`'s result. */
export type AmpSetting = AmpOptions | ResolvedAmpOptions | null | false;

/**
 * The one path from an `amp` argument to the engine's options: `null`, `false` or `undefined` is no AMP;
 * `resolveAmpOptions`'s result is used as returned; anything else is raw {@link AmpOptions}, resolved (so
 * `{}` is the paper's defaults and a raw `{ epsilon: 50 }` keeps clipping on). Refuses `true` and copies
 * or edits of resolved options (which would skip the checks), naming `option`. `defaults` (a method's
 * `ampDefaults`) fill what raw options leave unset.
 */
export function resolveAmpSetting(value: unknown, option = 'amp', defaults: AmpOptions = {}): ResolvedAmpOptions | null {
  if (value === undefined || value === null || value === false) return null;
  if (isResolvedAmpOptions(value)) return value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OptionError(option, value, "null or false (no AMP), AmpOptions such as {} (the paper's defaults) or { epsilon: 0.002 }, or resolveAmpOptions(…)'s result");
  }
  if ('reweightWindow' in value) {
    throw new OptionError(option, value, "resolveAmpOptions(…)'s result as returned (a copy or an edited object is not), or raw AmpOptions such as { epsilon: 0.002 }");
  }
  return resolveAmpOptions(value as AmpOptions, defaults);
}
