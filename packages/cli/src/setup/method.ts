import type { MixMethod } from '@ampmix/core';
import { Registry } from '@ampmix/core';
import { cutMix } from '@ampmix/cutmix';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import type { MethodConfig } from '../config.js';

/** Factories of the mixing variants by their `--variant` name. */
export const VARIANTS = new Registry<(options: { alpha?: number }) => MixMethod>('variant')
  .register('word-mixup', (o) => wordMixup(o))
  .register('sen-mixup', (o) => senMixup(o))
  .register('input-mixup', (o) => inputMixup(o))
  .register('manifold-mixup', (o) => manifoldMixup(o))
  .register('cutmix', (o) => cutMix(o));

/** The mixing method of a run, or `null` for `--variant none`. */
export function buildMethod(config: MethodConfig): MixMethod | null {
  if (config.variant === 'none') return null;
  return VARIANTS.get(config.variant)(config.alpha !== undefined ? { alpha: config.alpha } : {});
}
