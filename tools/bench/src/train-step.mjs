// One training step as the trainer runs it: plan sampling + core's mixStep + an Adam update.
import * as tf from '@tensorflow/tfjs';
import { Rng, mixStep, resolveAmpOptions } from '@ampmix/core';

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
 * A stepper for `mode` (none | mixup | amp) over a built case: `step(i)` trains on batch i mod n and
 * resolves to mixStep's stats. `optimizer(model)` makes the update ({ apply(grads, batch), dispose });
 * default {@link tfAdam}. `dispose` frees the optimizer.
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
      const { grads, stats } = await mixStep({
        model,
        inputs: batch.inputs,
        labels: batch.labels,
        plan,
        mixer: method.mixer,
        amp: mode === 'amp' ? AMP : null,
        seed: rng.nextSeed(),
        training: true,
      });
      if (grads) {
        opt.apply(grads, batch);
        tf.dispose(Object.values(grads));
      }
      return stats;
    },
    dispose() {
      opt.dispose();
    },
  };
}
