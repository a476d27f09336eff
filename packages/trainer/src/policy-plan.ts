import type { MixMethod, MixPlan } from '@ampmix/core';
import { OptionError } from '@ampmix/core';

/**
 * A policy's return value, checked: a plan object (its fields are validated by `mixStep`) or `null`, an explicit
 * "no mixing" for this step. `undefined`, a Promise or any other value is an `OptionError` naming the method.
 */
export function policyPlan(method: MixMethod, value: unknown): MixPlan | null {
  if (value === null) return null;
  const option = `plan returned by the policy of method ${JSON.stringify(method.name)}`;
  const expected = 'a MixPlan { lambda, partners, site }, or null for a step without mixing';
  if (typeof value !== 'object' || Array.isArray(value)) throw new OptionError(option, value, expected);
  if (typeof (value as { then?: unknown }).then === 'function') {
    throw new OptionError(option, value, `${expected} (returned synchronously: policy.plan() returned a Promise)`);
  }
  return value as MixPlan;
}
