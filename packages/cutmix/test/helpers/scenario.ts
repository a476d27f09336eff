import * as tf from '@tensorflow/tfjs';
import type { MixPlan, MixStepResult } from '@ampmix/core';
import { Rng, mixStep, resolveAmpOptions } from '@ampmix/core';
import type { CutMixExtras } from '../../src/index.js';
import { boxAtLambda, cutMix } from '../../src/index.js';
import { denseMixedCrossEntropy, pasteBoxes, randomValues } from './reference.js';
import type { TinyImageModel } from './tiny-model.js';
import { createTinyImageModel } from './tiny-model.js';

export const SHAPE = [6, 6, 2] as const;
export const BATCH = 5;
export const CLASSES = 3;

/** A tiny image batch, its model and a CutMix plan: everything one AMP step needs, with plain copies. */
export interface Scenario {
  model: TinyImageModel;
  images: Float32Array;
  labels: Int32Array;
  x: tf.Tensor4D;
  y: tf.Tensor1D;
  plan: MixPlan;
  extras: CutMixExtras;
  dispose(): void;
}

export function createScenario(seed: number, plan?: MixPlan): Scenario {
  const rng = new Rng(seed);
  const model = createTinyImageModel(SHAPE, CLASSES, seed);
  const images = randomValues(rng, BATCH * SHAPE[0] * SHAPE[1] * SHAPE[2]);
  const labels = Int32Array.from({ length: BATCH }, () => rng.int(CLASSES));
  const x = tf.tensor4d(images, [BATCH, ...SHAPE]);
  const y = tf.tensor1d(labels, 'int32');
  const p = plan ?? cutMix().policy.plan({ batchSize: BATCH, rng, sites: model.sites, inputShape: SHAPE });
  return {
    model,
    images,
    labels,
    x,
    y,
    plan: p,
    extras: p.extras as unknown as CutMixExtras,
    dispose() {
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

/** One AMP step through CutMix with details. */
export function ampStep(s: Scenario, epsilon: number, tau = 1): Promise<MixStepResult> {
  return mixStep({
    model: s.model,
    inputs: s.x,
    labels: s.y,
    plan: s.plan,
    mixer: cutMix({ tau }).mixer,
    amp: resolveAmpOptions({ epsilon }),
    training: false,
    details: true,
  });
}

/** The hard boxes of λ′ (plain geometry). */
export function boxesAt(s: Scenario, lambda: ArrayLike<number>) {
  return Array.from(lambda, (l, i) => boxAtLambda(s.extras.centres[i], s.extras.sizes[i], s.plan.lambda[i], l, s.extras.imageSize));
}

/** Per-example loss (float64, plain JS) of the images with `boxes` pasted, targets mixed with the plan's λ. */
export function referenceLoss(s: Scenario, boxes: readonly (readonly number[])[]) {
  const mixed = pasteBoxes(s.images, [BATCH, ...SHAPE], s.plan.partners, boxes);
  return { mixed, ...denseMixedCrossEntropy(mixed, BATCH, s.model.plainW, s.model.plainB, s.labels, s.plan.partners, s.plan.lambda) };
}
