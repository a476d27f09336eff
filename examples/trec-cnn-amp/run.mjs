#!/usr/bin/env node
// The default job (`npm start`): TREC, Kim CNN, WordMixup vs WordMixup + AMP with the same seeds.
// Usage: node examples/trec-cnn-amp/run.mjs [--quick] [--help]. Uses the built packages (`npm run build`).
// production mode: no debug checks, and no "install tfjs-node" banner on stderr
(await import('@tensorflow/tfjs')).enableProdMode();
let example;
try {
  example = await import('./dist/index.js');
} catch (e) {
  console.error(`trec-cnn-amp: the packages are not built (${String(e.message).split('\n')[0]}); run \`npm run build\` at the repository root first.`);
  process.exit(2);
}
process.exitCode = await example.trecCnnAmpCli(process.argv.slice(2));
