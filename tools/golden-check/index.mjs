#!/usr/bin/env node
// Usage: node tools/golden-check [golden.json] [--tolerance 1e-4] [--backend cpu|wasm]
// Runs every case through @ampmix/core's mixStep (the trainer's code path; build first: npm run build).
// Prints one line per failing case, then `N/M cases within <tol>`; exits 0 only when all pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tolerance: { type: 'string', default: '1e-4' }, backend: { type: 'string', default: 'cpu' }, help: { type: 'boolean' } },
  }));
} catch (e) {
  console.error(`golden-check: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help) {
  console.log('usage: node tools/golden-check [golden.json] [--tolerance 1e-4] [--backend cpu|wasm]');
  process.exit(0);
}
const tolerance = Number(values.tolerance);
if (!(tolerance > 0)) {
  console.error(`golden-check: --tolerance must be a number > 0; got ${JSON.stringify(values.tolerance)}`);
  process.exit(2);
}
const file = positionals[0] ?? fileURLToPath(new URL('../../packages/core/test/fixtures/amp-step-golden.json', import.meta.url));
let text;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(`golden-check: cannot read ${file}: ${e.message}`);
  process.exit(2);
}
const { chooseBackend } = await import('@ampmix/core');
const { parseGoldenJson, runGoldenCases } = await import('@ampmix/core/testing');
let golden;
try {
  golden = parseGoldenJson(text);
} catch (e) {
  console.error(`golden-check: ${file} is not a golden file: ${e.message}`);
  process.exit(2);
}
try {
  await chooseBackend({ backend: values.backend, log: () => {} });
} catch (e) {
  console.error(`golden-check: ${e.message}`);
  process.exit(2);
}
const results = await runGoldenCases(golden, tolerance);
for (const r of results.filter((x) => !x.pass)) {
  const worst = Object.entries(r.errors).filter(([, e]) => !(e <= tolerance)).map(([k, e]) => `${k}=${e.toExponential(2)}`);
  console.log(`case ${r.index} (${r.label}): ${worst.join(' ')}`);
}
const passed = results.filter((x) => x.pass).length;
console.log(`${passed}/${results.length} cases within ${tolerance}`);
process.exit(passed === results.length ? 0 : 1);
