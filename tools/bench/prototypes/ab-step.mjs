// A/B of whole training steps in ONE process, interleaved step by step (A, B, C, A, B, C, …), so that a change
// of machine load hits every variant alike. Variants of one model:
//   mixup        WordMixup / input Mixup (the AMP/Mixup denominator)
//   amp          Mixup + AMP as the library runs it now (the step cache lives through the training pass)
//   amp-before   the same step with the cache dropped in the taped training pass (the behaviour before
//                issue 16: the convolution / projections / x·W1 recomputed there)
// Per variant: median CPU and wall ms per step (min–max); per round the ratios amp/mixup, amp-before/mixup and
// amp/amp-before, reported as median [p25–p75] over the rounds.
//   node tools/bench/prototypes/ab-step.mjs [--backend wasm] [--model cnn,lstm,mlp] [--steps 15] [--warmup 3]
import { parseArgs } from 'node:util';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { FULL_SHAPES } from '../src/config.mjs';
import { createStepper } from '../src/train-step.mjs';
import { quantile } from '../src/stats.mjs';
import { interleaveSteps, variantLine } from './interleave.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string', default: 'cnn,lstm,mlp' },
    steps: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);

/** The model as it behaved before: no step cache in the taped training pass. */
function beforeModel(model) {
  return { ...model, forward: (x, o) => model.forward(x, o?.stepCache?.taped ? { ...o, stepCache: undefined } : o) };
}

const fmt = (a) => `${quantile(a, 0.5).toFixed(3)} [${quantile(a, 0.25).toFixed(3)}–${quantile(a, 0.75).toFixed(3)}]`;

const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);
console.log(`backend ${values.backend} (fast paths ${act.fastPaths}); ${warmup} warm-up + ${steps} timed rounds, variants interleaved step by step`);
const VARIANTS = [
  ['none', 'none', (m) => m],
  ['mixup', 'mixup', (m) => m],
  ['amp', 'amp', (m) => m],
  ['amp-before', 'amp', beforeModel],
];
for (const name of values.model.split(',')) {
  const builds = [];
  const steppers = [];
  for (const [, mode, wrap] of VARIANTS) {
    const b = await buildCase(name, FULL_SHAPES);
    builds.push(b);
    steppers.push(createStepper({ ...b, model: wrap(b.model) }, mode));
  }
  const { cpu, wall, leaked } = await interleaveSteps(steppers, { warmup, steps });
  console.log(`\n${name}: tensors left by the timed rounds ${leaked}`);
  VARIANTS.forEach(([label], v) => console.log(variantLine(label, cpu[v], wall[v])));
  const per = (a, b) => cpu[a].map((x, i) => x / cpu[b][i]);
  console.log(`  per-round CPU ratios, median [p25–p75]: amp/mixup ${fmt(per(2, 1))}, amp-before/mixup ${fmt(per(3, 1))}, amp/amp-before ${fmt(per(2, 3))}, mixup/none ${fmt(per(1, 0))}`);
  for (const s of steppers) s.dispose();
  for (const b of builds) b.dispose();
}
