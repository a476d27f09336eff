import type { MixMethod } from '@ampmix/core';
import type { MethodConfig } from '../config.js';
import { NO_VARIANT, variantNamed } from '../catalog.js';

/** The mixing method of a run (from its variant's descriptor), or `null` for `--variant none`. */
export function buildMethod(config: MethodConfig): MixMethod | null {
  if (config.variant === NO_VARIANT) return null;
  return variantNamed(config.variant).create(config.options ?? {});
}
