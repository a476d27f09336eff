// A/B of the embedding table's update inside whole training steps, in ONE process, interleaved step by step.
// Variants of one model and mode (Mixup, Mixup + AMP), each a mixStep + the trainer's Adam:
//   dense         dense Adam on the dense [vocabulary, D] gradient (the model's rowLookups hidden: the trainer
//                 before the row-sparse gradient)
//   dense-sparse  dense Adam on the row-sparse gradient (`mixStep({ sparseGradients: ['embedding'] })`: the dense
//                 table gradient and its norm never formed; the same weights): what `train()` runs now
//   lazy-dense    lazy Adam (`lazy: ['embedding']`) on the dense gradient (the rows found by a read of V row flags)
//   lazy-sparse   lazy Adam on the row-sparse gradient: what `train({ lazyAdam: ['embedding'] })` runs now
// Per variant: median CPU and wall ms per step (min–max); per round the CPU ratios to `dense`, median [p25–p75].
//   node tools/bench/prototypes/sparse-embedding-ab.mjs [--backend wasm] [--model cnn,lstm] [--steps 15] [--warmup 3]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import { Adam } from '@ampmix/trainer';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { FULL_SHAPES } from '../src/config.mjs';
import { quantile } from '../src/stats.mjs';
import { interleaveSteps, variantLine } from './interleave.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string', default: 'cnn,lstm' },
    steps: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const AMP = resolveAmpOptions({ epsilon: 0.002 });
const fmt = (a) => `${quantile(a, 0.5).toFixed(3)} [${quantile(a, 0.25).toFixed(3)}–${quantile(a, 0.75).toFixed(3)}]`;

/** One variant's stepper: `step(i)` trains on batch i mod n (its own model, Adam and plan generator). */
function stepper(built, mode, adamKind) {
  const { model, method, batches } = built;
  const [kind, gradient] = adamKind.split('-');
  const adam = new Adam(model.weights, { learningRate: 2e-4, lazy: kind === 'lazy' ? ['embedding'] : [] });
  const stepModel = gradient === 'sparse' ? model : { ...model, rowLookups: undefined };
  const rng = new Rng(7);
  return {
    async step(i) {
      const batch = batches[i % batches.length];
      const plan = method.policy.plan({ batchSize: batch.labelArray.length, rng, sites: model.sites, labels: batch.labelArray });
      const r = await mixStep({
        model: stepModel, inputs: batch.inputs, labels: batch.labels, plan, mixer: method.mixer, amp: mode === 'amp' ? AMP : null,
        seed: rng.nextSeed(), training: true, ...(gradient === 'sparse' ? { sparseGradients: ['embedding'] } : {}),
      });
      if (r.grads) adam.apply(r.grads, 1, r.sparseGrads ?? {});
      tf.dispose(Object.values(r.grads ?? {}));
      for (const g of Object.values(r.sparseGrads ?? {})) tf.dispose([g.indices, g.values]);
    },
    dispose: () => adam.dispose(),
  };
}

const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
console.log(`backend ${values.backend} (fast paths ${act.fastPaths}, 1 thread); vocabulary ${FULL_SHAPES.vocabSize} × ${FULL_SHAPES.embeddingDim}, batch ${FULL_SHAPES.batch} × ${FULL_SHAPES.length}; ${warmup} warm-up + ${steps} timed rounds, variants interleaved step by step`);
const ADAMS = ['dense', 'dense-sparse', 'lazy-dense', 'lazy-sparse'];
const VARIANTS = ['mixup', 'amp'].flatMap((mode) => ADAMS.map((adam) => [mode, adam]));
for (const name of values.model.split(',')) {
  const builds = [];
  const steppers = [];
  for (const [mode, adam] of VARIANTS) {
    const b = await buildCase(name, FULL_SHAPES);
    builds.push(b);
    steppers.push(stepper(b, mode, adam));
  }
  const { cpu, wall, leaked } = await interleaveSteps(steppers, { warmup, steps });
  console.log(`\n${name}: tensors left by the timed rounds ${leaked}`);
  VARIANTS.forEach(([mode, adam], v) => console.log(variantLine(`${mode} ${adam}`, cpu[v], wall[v], 18)));
  const per = (a, b) => cpu[a].map((x, i) => x / cpu[b][i]);
  const n = ADAMS.length;
  for (const [k, mode] of [[0, 'mixup'], [n, 'amp']]) {
    console.log(`  ${mode} per-round CPU ratios to dense, median [p25–p75]: ${ADAMS.slice(1).map((a, j) => `${a} ${fmt(per(k + j + 1, k))}`).join(', ')}; lazy-sparse/lazy-dense ${fmt(per(k + 3, k + 2))}`);
  }
  console.log(`  amp/mixup per round: ${ADAMS.map((a, j) => `${a} ${fmt(per(n + j, j))}`).join(', ')}`);
  for (const s of steppers) s.dispose();
  for (const b of builds) b.dispose();
}
