import type { Mixer } from './mixer.js';
import type { MixPolicy } from './policy.js';

/**
 * A mixing method: a policy that samples plans and a mixer that applies them. Every variant package
 * exports factories returning one; a user's own method is just another object of this shape, and the
 * AMP engine works on it unchanged.
 */
export interface MixMethod {
  readonly name: string;
  readonly policy: MixPolicy;
  readonly mixer: Mixer;
}
