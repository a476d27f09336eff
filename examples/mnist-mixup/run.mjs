#!/usr/bin/env node
// Usage: node examples/mnist-mixup/run.mjs [--preset smoke|default] [--backend auto|wasm|cpu|node|node-gpu] [--seed N] [--steps N] [--epsilon E]
// Trains no mixing, Input Mixup, Manifold Mixup and CutMix, each with and without AMP, on MNIST (same seeds and
// budget) and prints a table of test errors and times. Uses the built packages: run `npm run build` first.
import { parseArgs } from 'node:util';
import { loadBuilt } from '../load-built.mjs';

let values;
try {
  ({ values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'default' },
      backend: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      steps: { type: 'string' },
      epsilon: { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`mnist-mixup: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help) {
  console.log('usage: node examples/mnist-mixup/run.mjs [--preset smoke|default] [--backend auto|wasm|cpu|node|node-gpu] [--seed N] [--steps N] [--epsilon E]');
  process.exit(0);
}
if (!['smoke', 'default'].includes(values.preset)) {
  console.error(`mnist-mixup: --preset must be "smoke" or "default"; got ${JSON.stringify(values.preset)}`);
  process.exit(2);
}
const seed = Number(values.seed);
const steps = values.steps === undefined ? undefined : Number(values.steps);
const epsilon = values.epsilon === undefined ? undefined : Number(values.epsilon);
if (!Number.isInteger(seed) || seed < 0 || (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) || (epsilon !== undefined && !(epsilon >= 0))) {
  console.error('mnist-mixup: --seed must be an integer ≥ 0, --steps an integer ≥ 1 and --epsilon a number ≥ 0');
  process.exit(2);
}
const overrides = {};
if (steps !== undefined) overrides.steps = steps;
if (epsilon !== undefined) overrides.epsilon = epsilon;

const example = await loadBuilt('mnist-mixup', import.meta.url);
const core = await import('@ampmix/core');
try {
  await core.chooseBackend({ backend: values.backend });
  await example.runMnistComparison({
    preset: values.preset,
    seed,
    progress: process.stderr.isTTY ? 'bar' : 'none',
    overrides,
  });
} catch (e) {
  console.error(`mnist-mixup: ${e.message}`);
  process.exit(1);
}
