// One training step as the trainer runs it: plan sampling + core's mixStep + an Adam update.
import * as tf from '@tensorflow/tfjs';
import { Rng, mixStep, resolveAmpOptions, rowSparseWeights } from '@ampmix/core';
import { Adam } from '@ampmix/trainer';

const AMP = resolveAmpOptions({ epsilon: 0.002 });

/** The default optimizer: tf.train.adam (lr 2e-4), gradients keyed by the variables' names. */
export function tfAdam(model) {
  const optimizer = tf.train.adam(2e-4);
  return {
    apply(grads) {
      const byVariable = {};
      for (const [k, g] of Object.entries(grads)) byVariable[model.weights[k].name] = g;
      optimizer.applyGradients(byVariable);
    },
    dispose: () => optimizer.dispose(),
  };
}

/**
 * The trainer's Adam (lr 2e-4) as `train()` runs it: the weights the model lists in `rowLookups` (the text models'
 * embedding) get their gradient row-sparse (`sparseGradients`, passed to mixStep by the stepper).
 */
export function trainerAdam(model) {
  const adam = new Adam(model.weights, { learningRate: 2e-4 });
  return {
    sparseGradients: rowSparseWeights(model),
    apply: (grads, _batch, sparse) => adam.apply(grads, 1, sparse),
    dispose: () => adam.dispose(),
  };
}

/** The optimizers by their `--optimizer` name. */
export const OPTIMIZER_OF = { tfjs: tfAdam, trainer: trainerAdam };

/**
 * A stepper for `mode` (none | mixup | amp) over a built case: `step(i)` trains on batch i mod n and
 * resolves to mixStep's stats. `optimizer(model)` makes the update ({ apply(grads, batch, sparseGrads), dispose,
 * sparseGradients? }); default {@link tfAdam}. `dispose` frees the optimizer.
 */
export function createStepper(built, mode, { seed = 7, optimizer = tfAdam } = {}) {
  const { model, method, batches } = built;
  const opt = optimizer(model);
  const rng = new Rng(seed);
  return {
    async step(i) {
      const batch = batches[i % batches.length];
      const plan = mode === 'none'
        ? null
        : method.policy.plan({ batchSize: batch.labelArray.length, rng, sites: model.sites, labels: batch.labelArray });
      const { grads, sparseGrads, stats } = await mixStep({
        model,
        inputs: batch.inputs,
        labels: batch.labels,
        plan,
        mixer: method.mixer,
        amp: mode === 'amp' ? AMP : null,
        seed: rng.nextSeed(),
        training: true,
        ...(opt.sparseGradients?.length ? { sparseGradients: opt.sparseGradients } : {}),
      });
      if (grads) {
        opt.apply(grads, batch, sparseGrads ?? {});
        tf.dispose(Object.values(grads));
      }
      for (const g of Object.values(sparseGrads ?? {})) tf.dispose([g.indices, g.values]);
      return stats;
    },
    dispose() {
      opt.dispose();
    },
  };
}
