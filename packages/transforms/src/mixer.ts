import * as tf from '@tensorflow/tfjs';
import type { MixContext, Mixer } from '@ampmix/core';
import { linearMix, linearMixer } from '@ampmix/core';
import { cutMixMixer } from '@ampmix/cutmix';

/**
 * The transform's mixer: Mixup examples are interpolated, λ·x_i + (1 − λ)·x_π(i); CutMix examples (`useCutmix`
 * in the plan's extras) get the partner's box pasted by `@ampmix/cutmix`'s mixer (a soft-edged box in AMP's
 * λ-gradient pass). Without CutMix it is the core's linear mixer.
 */
export function mixTransformMixer(cutmix: boolean): Mixer {
  if (!cutmix) return linearMixer;
  const paste = cutMixMixer();
  return {
    name: 'mixup-cutmix',
    surrogateGradient: true,
    mix(h: tf.Tensor, context: MixContext): tf.Tensor {
      const use = (context.plan.extras as { useCutmix?: number[] } | undefined)?.useCutmix ?? [];
      if (!use.some((u) => u === 1)) return linearMix(h, context.partners, context.lambda);
      if (use.every((u) => u === 1)) return paste.mix(h, context);
      return tf.tidy(() => {
        const cut = tf.tensor(Uint8Array.from(use), [use.length, ...new Array<number>(h.rank - 1).fill(1)], 'bool');
        return tf.where(cut, paste.mix(h, context), linearMix(h, context.partners, context.lambda));
      });
    },
  };
}
