#!/usr/bin/env node
// SST-2, BiLSTM: SenMixup vs SenMixup + AMP with the same seeds.
// Usage: node examples/sst2-lstm-senmixup/run.mjs [--quick] [--help]. Uses the built packages (`npm run build`).
// production mode: no debug checks, and no "install tfjs-node" banner on stderr
(await import('@tensorflow/tfjs')).enableProdMode();
let example;
try {
  example = await import('./dist/index.js');
} catch (e) {
  console.error(`sst2-lstm-senmixup: the packages are not built (${String(e.message).split('\n')[0]}); run \`npm run build\` at the repository root first.`);
  process.exit(2);
}
process.exitCode = await example.sst2LstmCli(process.argv.slice(2));
