#!/usr/bin/env node
// Usage: node examples/custom-policy/run.mjs [--backend auto|wasm|cpu] [--steps N] [--seed N]
// Trains MNIST with a user-written policy + AMP and shows the error a bad policy gets. Build first: npm run build.
import { parseArgs } from 'node:util';
import { loadBuilt } from '../load-built.mjs';

const USAGE = 'usage: node examples/custom-policy/run.mjs [--backend auto|wasm|cpu|node|node-gpu] [--steps N] [--seed N]';
let values;
try {
  ({ values } = parseArgs({
    options: { backend: { type: 'string', default: 'auto' }, steps: { type: 'string', default: '300' }, seed: { type: 'string', default: '0' }, help: { type: 'boolean' } },
  }));
} catch (e) {
  console.error(`custom-policy: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const example = await loadBuilt('custom-policy', import.meta.url);
try {
  // the library validates the values (one line, exit 2 on a bad one)
  await example.runCustomPolicyExample({ steps: Number(values.steps), seed: Number(values.seed), backend: values.backend });
} catch (e) {
  console.error(`custom-policy: ${e.message}`);
  process.exit(e.code === 'E_OPTION' || e.code === 'E_USAGE' ? 2 : 1);
}
