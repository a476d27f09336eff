import type { MixMethod, MixPolicy } from '@ampmix/core';
import { linearMixer } from '@ampmix/core';
import type { OtherClassPolicyOptions } from './other-class-policy.js';
import { otherClassPolicy } from './other-class-policy.js';

/**
 * The custom policy as a `MixMethod`: the policy samples the plan, core's `linearMixer` applies it. Hand it
 * to `train` (with or without `amp`) exactly like the built-in variants.
 */
export function otherClassMixup(options: OtherClassPolicyOptions = {}): MixMethod {
  return { name: 'other-class-mixup', policy: otherClassPolicy(options), mixer: linearMixer };
}

/**
 * A deliberately broken policy whose plans have λ = 1.5: the engine validates every plan (`validatePlan`)
 * and rejects it with `Invalid plan.lambda[0]: got 1.5; expected a number in [0, 1].`
 */
export function brokenLambdaMethod(): MixMethod {
  const policy: MixPolicy = {
    name: 'broken-lambda',
    plan: ({ batchSize }) => ({
      lambda: new Float32Array(batchSize).fill(1.5),
      partners: Int32Array.from({ length: batchSize }, (_, i) => (i + 1) % batchSize),
      site: 'input',
    }),
  };
  return { name: 'broken-lambda', policy, mixer: linearMixer };
}
