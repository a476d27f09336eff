#!/usr/bin/env node
// The default job (`npm start`): TREC, Kim CNN, WordMixup vs WordMixup + AMP with the same seeds.
// Usage: node examples/trec-cnn-amp/run.mjs [--quick] [--help]. Uses the built packages (`npm run build`).
import { loadBuilt } from '../load-built.mjs';

const example = await loadBuilt('trec-cnn-amp', import.meta.url);
process.exitCode = await example.trecCnnAmpCli(process.argv.slice(2));
