import { OptionError } from './errors.js';

/** Throws unless `value` is a finite number. */
export function finiteNumber(option: string, value: unknown, range = 'a finite number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionError(option, value, range);
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function positiveNumber(option: string, value: unknown): number {
  const v = finiteNumber(option, value, 'a finite number > 0');
  if (v <= 0) throw new OptionError(option, value, 'a finite number > 0');
  return v;
}

/** Throws unless `value` is a finite number ≥ 0. */
export function nonNegativeNumber(option: string, value: unknown): number {
  const v = finiteNumber(option, value, 'a finite number ≥ 0');
  if (v < 0) throw new OptionError(option, value, 'a finite number ≥ 0');
  return v;
}

/** Throws unless `value` is a finite number in [min, max]. */
export function numberInRange(option: string, value: unknown, min: number, max: number): number {
  const range = `a number in [${min}, ${max}]`;
  const v = finiteNumber(option, value, range);
  if (v < min || v > max) throw new OptionError(option, value, range);
  return v;
}

/** Throws unless `value` is an integer ≥ `min` (and ≤ `max` when given). */
export function integerAtLeast(option: string, value: unknown, min: number, max = Infinity): number {
  const range = max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(option, value, range);
  }
  return value;
}

/** Throws unless `value` is a boolean. */
export function booleanOption(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError(option, value, 'true or false');
  return value;
}

/** Throws unless `value` is one of `choices`. */
export function oneOf<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new OptionError(option, value, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return value as T;
}

/**
 * Throws unless `options` is a plain options object (not null, an array or a primitive: `"<scope> options"` is
 * then named) whose keys are all in `known` (catches typos such as `epsilion`).
 */
export function noUnknownKeys(scope: string, options: unknown, known: readonly string[]): asserts options is object {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new OptionError(`${scope} options`, options, 'an options object');
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new OptionError(`${scope} option "${key}"`, key, `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
}

/** Throws unless `site` is one of the model's `sites` (the message lists them); returns it. */
export function modelSite(option: string, site: unknown, sites: readonly string[]): string {
  if (typeof site !== 'string' || !sites.includes(site)) {
    throw new OptionError(option, site, `one of the model's sites: ${sites.map((s) => JSON.stringify(s)).join(', ')}`);
  }
  return site;
}
