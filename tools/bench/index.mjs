#!/usr/bin/env node
// Usage: node tools/bench [--quick] [--backend cpu|wasm|node|all] [--model mlp|cnn|lstm|all] [--steps N]
//        [--memory-steps N] [--json out.json]   (imports the BUILT packages: build core and sentence-mixup first)
// Times a training step (plan + mixStep + Adam) for no-mix / Mixup / Mixup+AMP on every backend, runs the
// PyTorch peer (tools/bench/peers, Debian's python3-torch) and a memory run, and prints tables and ratios.
import { writeFileSync } from 'node:fs';
import { BenchOptionError, USAGE, parseBenchArgs } from './src/config.mjs';

const argv = process.argv.slice(2);
let options;
try {
  options = parseBenchArgs(argv);
} catch (e) {
  if (!(e instanceof BenchOptionError)) throw e;
  console.error(`bench: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const { runBench } = await import('./src/run.mjs');
const { formatReport } = await import('./src/report.mjs');
const run = await runBench(options, { argv, log: (l) => console.error(`[bench] ${l}`) });
console.log(formatReport(run).join('\n'));
if (options.json) {
  writeFileSync(options.json, `${JSON.stringify(run, null, 2)}\n`);
  console.error(`[bench] wrote ${options.json}`);
}
