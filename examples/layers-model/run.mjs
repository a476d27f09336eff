#!/usr/bin/env node
// Usage: node examples/layers-model/run.mjs [--preset smoke|default] [--seed N] [--epochs N] [--out DIR] [--backend wasm|cpu|node|node-gpu|auto]
// Trains a tf.sequential CNN with CutMix (± AMP) and a functional CNN with Manifold Mixup at its "hidden" layer (± AMP) on
// MNIST with fitMixup, saves each model, reloads it with tf.loadLayersModel and prints the test errors. Uses the built
// packages: run `npm run build` first.
import { parseArgs } from 'node:util';
import { loadBuilt } from '../load-built.mjs';

let values;
try {
  ({ values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'default' },
      seed: { type: 'string', default: '0' },
      epochs: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      help: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`layers-model: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help) {
  console.log('usage: node examples/layers-model/run.mjs [--preset smoke|default] [--seed N] [--epochs N] [--out DIR] [--backend wasm|cpu|node|node-gpu|auto]');
  process.exit(0);
}
const overrides = {};
if (values.epochs !== undefined) overrides.epochs = Number(values.epochs);

const example = await loadBuilt('layers-model', import.meta.url);
try {
  await example.runLayersExample({ preset: values.preset, seed: Number(values.seed), backend: values.backend, outDir: values.out ?? null, overrides });
} catch (e) {
  console.error(`layers-model: ${e.message}`);
  process.exit(e.code === 'E_OPTION' || e.code === 'E_USAGE' ? 2 : 1);
}
