#!/usr/bin/env node
// SST-2, BiLSTM: SenMixup vs SenMixup + AMP with the same seeds.
// Usage: node examples/sst2-lstm-senmixup/run.mjs [--quick] [--help]. Uses the built packages (`npm run build`).
import { loadBuilt } from '../load-built.mjs';

const example = await loadBuilt('sst2-lstm-senmixup', import.meta.url);
process.exitCode = await example.sst2LstmCli(process.argv.slice(2));
