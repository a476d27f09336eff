#!/usr/bin/env node
// Usage: node tools/bench/cutmix-amp.mjs [--steps 30] [--backend wasm]   (build first: npm run build)
// Does AMP move CutMix's box? MNIST (2,000 training digits), the small CNN of @ampmix/vision, batch 50, Adam 1e-3,
// CutMix α = 1, τ = 1, trained for --steps steps per setting (same seeds). For each AMP setting it prints the mask
// rate, the share of examples whose hard box changed at λ', the mean |Δside| (pixels, the larger side change) and
// the mean |Δarea| of the pasted box (pixels) per example and step.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '30' }, backend: { type: 'string', default: 'wasm' } } });
const { chooseBackend, mixStep, resolveAmpOptions, Rng, permutation } = await import('@ampmix/core');
const { cutMix, boxAtLambda, boxArea, sidesAtLambda } = await import('@ampmix/cutmix');
const { createSmallCnn } = await import('@ampmix/vision');
const { loadMnist } = await import('@ampmix/vision/mnist');
await chooseBackend({ backend: values.backend, log: () => {} });
const mnist = loadMnist({ seed: 0, trainSize: 2000, testSize: 100 });
const steps = Number(values.steps);
const B = 50;
const method = cutMix();
const SETTINGS = [
  ['mean, ε = 0.002 (the text default)', { gradScale: 'mean', epsilon: 0.002 }],
  ['sum,  ε = 0.002', { gradScale: 'sum', epsilon: 0.002 }],
  ['sum,  ε = 0.1', { gradScale: 'sum', epsilon: 0.1 }],
  ['sum,  ε = 0.2', { gradScale: 'sum', epsilon: 0.2 }],
  ['sum,  ε = 0.5', { gradScale: 'sum', epsilon: 0.5 }],
  ['sum,  ε = 2', { gradScale: 'sum', epsilon: 2 }],
  ['CutMix defaults (method.ampDefaults)', {}],
];
for (const [label, options] of SETTINGS) {
  const amp = resolveAmpOptions(options, method.ampDefaults);
  const model = createSmallCnn({ numClasses: 10, seed: 1 });
  const optimizer = tf.train.adam(1e-3);
  const rng = new Rng(5);
  const order = permutation(rng, mnist.train.size);
  let mask = 0;
  let changed = 0;
  let side = 0;
  let area = 0;
  let dl = 0;
  for (let s = 0; s < steps; s++) {
    const idx = Array.from({ length: B }, (_, i) => order[(s * B + i) % order.length]);
    const { inputs, labels } = mnist.train.batch(idx);
    const plan = method.policy.plan({ batchSize: B, rng, sites: model.sites, inputShape: [28, 28, 1] });
    const { grads, stats, details } = await mixStep({ model, inputs, labels, plan, mixer: method.mixer, amp, seed: s, details: true });
    if (grads) {
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [model.weights[k].name, g])));
      tf.dispose(Object.values(grads));
    }
    const e = plan.extras;
    for (let i = 0; i < B; i++) {
      const lp = details.lambdaPrime[i];
      const box = boxAtLambda(e.centres[i], e.sizes[i], plan.lambda[i], lp, e.imageSize);
      const sides = sidesAtLambda(e.sizes[i], plan.lambda[i], lp);
      const da = Math.abs(boxArea(box) - boxArea(e.boxes[i]));
      changed += da > 0 ? 1 : 0;
      area += da;
      side += Math.max(Math.abs(sides[0] - e.sizes[i][0]), Math.abs(sides[1] - e.sizes[i][1]));
    }
    mask += stats.maskRate;
    dl += stats.meanAbsDeltaLambda;
    tf.dispose([inputs, labels]);
  }
  optimizer.dispose();
  model.dispose();
  const n = steps * B;
  console.log(
    `${label.padEnd(38)} gradScale ${amp.gradScale}, ε ${amp.epsilon}: mask rate ${(100 * mask / steps).toFixed(1)}%, boxes changed ${(100 * changed / n).toFixed(1)}%, ` +
      `mean |Δλ| ${(dl / steps).toExponential(2)}, mean |Δside| ${(side / n).toFixed(3)} px, mean |Δarea| ${(area / n).toFixed(2)} px`,
  );
}
