import type * as tf from '@tensorflow/tfjs';
import type { LossName } from '@ampmix/core';
import { OptionError } from '@ampmix/core';

/** tfjs loss names `fitMixup` maps onto the core's per-example losses. */
export const TFJS_LOSSES: Readonly<Record<string, LossName>> = {
  categoricalCrossentropy: 'softmax-ce',
  sparseCategoricalCrossentropy: 'softmax-ce',
};

/**
 * The core per-example loss for `fitMixup`: `option` if given, else the loss `model.compile` set, else `softmax-ce`.
 * `categoricalCrossentropy` and `sparseCategoricalCrossentropy` on a model that ends in a softmax are
 * `softmax-ce` on the logits before it (the same loss, computed stably); other tfjs losses are refused.
 */
export function resolveLoss(model: tf.LayersModel, outputActivation: 'softmax' | 'none', option?: unknown): LossName {
  const fromCompile = option === undefined;
  let given = fromCompile ? (model as unknown as { loss?: unknown }).loss : option;
  if (Array.isArray(given) && given.length === 1) given = given[0];
  if (given === undefined || given === null) return 'softmax-ce';
  const where = fromCompile ? 'loss (from model.compile)' : 'loss';
  if (given === 'softmax-ce' || given === 'softmax-bce') return given;
  if (typeof given === 'string' && given in TFJS_LOSSES) {
    if (outputActivation !== 'softmax') {
      throw new OptionError(where, given, `a loss that fits the model's output: "${given}" expects softmax probabilities but the output has no softmax; end the model in a softmax, or pass loss: "softmax-ce" to read the outputs as logits`);
    }
    return TFJS_LOSSES[given];
  }
  const shown = typeof given === 'function' ? `a function (${(given as { name?: string }).name || 'anonymous'})` : given;
  throw new OptionError(where, shown, `one of "categoricalCrossentropy", "sparseCategoricalCrossentropy" (model.compile names), "softmax-ce", "softmax-bce" (logits)`);
}
