import * as tf from '@tensorflow/tfjs';
import type { MixStepStats } from '@ampmix/core';
import { checkLabels, disposeBatch, mixStep } from '@ampmix/core';
import type { ResolvedTrainOptions, StepMixing } from './options.js';
import type { TrainingSession } from './session.js';
import { clipScale } from './clip.js';
import { policyPlan } from './policy-plan.js';
import { disposeTensors } from './weights.js';

/**
 * One optimizer step on the next batch: the batch from the data order (its own generator, so paired runs see
 * the same batches), then the dropout seed and the plan drawn (in that order) from the run's generator, the
 * core's `mixStep`, then Adam on the gradients scaled by the clipping factor (row-sparse for the weights the
 * model lists in `rowLookups`; a skipped, non-finite step touches nothing). The policy's return value (a plan
 * or `null`) and the batch's label tensor are checked first. Returns the engine's statistics, the step's
 * per-example λ and λ' (λ' from the engine's one read-back of the step) and the clipping factor. Leaves no
 * tensors behind.
 */
export async function trainStep<I>(o: ResolvedTrainOptions<I>, s: TrainingSession<I>): Promise<{ stats: MixStepStats; mixing: StepMixing; scale: number }> {
  const indices = s.dataOrder.next(s.orderRng);
  const seed = s.rng.nextSeed();
  const batch = o.train.batch(indices);
  let result;
  let mixing: StepMixing;
  try {
    const inputShape = o.inputShape ?? (batch.inputs instanceof tf.Tensor ? batch.inputs.shape.slice(1) : undefined);
    const labels = Int32Array.from(indices, (i) => o.train.labels[i]);
    const plan = o.method ? policyPlan(o.method, o.method.policy.plan({ batchSize: indices.length, rng: s.rng, sites: o.model.sites, labels, inputShape })) : null;
    // the batch's label tensor, checked under the dataset's name (mixStep would call it "labels")
    await checkLabels(batch.labels, indices.length, o.model.numClasses, 'train.batch(…).labels');
    result = await mixStep({
      model: o.model, inputs: batch.inputs, labels: batch.labels, plan, mixer: o.method?.mixer, loss: o.loss,
      amp: o.amp, ampState: s.ampState, training: true, seed, rng: s.rng, details: plan !== null && o.amp !== null,
      sparseGradients: s.sparseGradients,
    });
    const lambdaResolution = plan && o.amp && o.method?.mixer.lambdaResolution ? o.method.mixer.lambdaResolution(plan) : null;
    const d = result.details;
    mixing = { lambda: plan?.lambda ?? null, lambdaPrime: d?.lambdaPrime ?? null, lambdaResolution, weight: d?.weight ?? null, lossDelta: d?.lossDelta ?? null };
  } finally {
    disposeBatch(batch);
  }
  let scale = 1;
  if (result.grads) {
    scale = clipScale(result.stats.gradNorm, o.clipNorm);
    const sparse = result.sparseGrads ?? {};
    try {
      s.adam.apply(result.grads, scale, sparse);
    } finally {
      disposeTensors(result.grads);
      for (const g of Object.values(sparse)) tf.dispose([g.indices, g.values]);
    }
  }
  return { stats: result.stats, mixing, scale };
}
