#!/usr/bin/env node
// Usage: node examples/custom-policy/run.mjs [--backend auto|wasm|cpu] [--steps N] [--seed N]
// Trains MNIST with a user-written policy + AMP and shows the error a bad policy gets. Build first: npm run build.
import { parseArgs } from 'node:util';
import { loadBuilt } from '../load-built.mjs';

let values;
try {
  ({ values } = parseArgs({
    options: { backend: { type: 'string', default: 'auto' }, steps: { type: 'string', default: '300' }, seed: { type: 'string', default: '0' } },
  }));
} catch (e) {
  console.error(`custom-policy: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
const [steps, seed] = [Number(values.steps), Number(values.seed)];
if (!(Number.isInteger(steps) && steps >= 1) || !(Number.isInteger(seed) && seed >= 0)) {
  console.error('custom-policy: --steps must be an integer ≥ 1 and --seed an integer ≥ 0');
  process.exit(2);
}
const example = await loadBuilt('custom-policy', import.meta.url);
const core = await import('@ampmix/core');
try {
  await core.chooseBackend({ backend: values.backend });
  await example.runCustomPolicyExample({ steps, seed });
} catch (e) {
  console.error(`custom-policy: ${e.message}`);
  process.exit(1);
}
