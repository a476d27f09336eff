#!/usr/bin/env node
// node tools/reproduce --preset smoke|small|paper [--datasets trec,sst2] [--methods …] [--seeds 1,2,3]
//   [--fractions 1,0.3,0.1] [--workers N] [--store runs/reproduce/<preset>/results.jsonl]
//   [--out docs/RESULTS.md] [--backend wasm] …   (--help for all)
// Checks the AMP paper's claim (Liu et al., EMNLP 2021, arXiv 2109.07177) on this implementation.
// Relative paths are taken from the current directory.
import { resolve } from 'node:path';
import { parseCli, USAGE } from './lib/args.mjs';
import { shellCommand } from './lib/machine.mjs';
import { buildPlan } from './lib/presets.mjs';
import { runSweep } from './lib/sweep.mjs';

/** @type {any} */
let cli;
try {
  cli = parseCli(process.argv.slice(2));
} catch (e) {
  console.error(`reproduce: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (cli.help) {
  console.log(USAGE);
  process.exit(0);
}
let plan;
try {
  plan = buildPlan(cli.preset, cli.overrides);
} catch (e) {
  console.error(`reproduce: ${e.message}`);
  process.exit(2);
}

const stopOn = (signal) => {
  console.error(`\n[reproduce] ${signal}: stopping; finished runs are in ${cli.store} — rerun the same command to continue.`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', () => stopOn('SIGINT'));
process.on('SIGTERM', () => stopOn('SIGTERM'));

try {
  const r = await runSweep({
    plan,
    storePath: resolve(cli.store),
    outPath: cli.out ? resolve(cli.out) : null,
    workers: cli.workers,
    backend: cli.backend,
    maxRuns: cli.maxRuns,
    calibrate: cli.calibrate,
    dryRun: cli.dryRun,
    estimateOnly: cli.estimateOnly,
    command: shellCommand(['node', 'tools/reproduce', ...process.argv.slice(2)]),
  });
  process.exit(r.failures.length ? 1 : 0);
} catch (e) {
  console.error(`reproduce: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
}
