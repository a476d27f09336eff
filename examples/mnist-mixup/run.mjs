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
      store: { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`mnist-mixup: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help) {
  console.log('usage: node examples/mnist-mixup/run.mjs [--preset smoke|default] [--backend auto|wasm|cpu|node|node-gpu] [--seed N] [--steps N] [--epsilon E] [--store results.jsonl]');
  process.exit(0);
}
// the library validates every value (one line, exit 2 on a bad one)
const overrides = {};
if (values.steps !== undefined) overrides.steps = Number(values.steps);
if (values.epsilon !== undefined) overrides.epsilon = Number(values.epsilon);

const example = await loadBuilt('mnist-mixup', import.meta.url);
try {
  await example.runMnistComparison({
    preset: values.preset,
    seed: Number(values.seed),
    backend: values.backend,
    progress: process.stderr.isTTY ? 'bar' : 'none',
    overrides,
    ...(values.store ? { store: values.store } : {}),
  });
} catch (e) {
  console.error(`mnist-mixup: ${e.message}`);
  process.exit(e.code === 'E_OPTION' || e.code === 'E_USAGE' ? 2 : 1);
}
