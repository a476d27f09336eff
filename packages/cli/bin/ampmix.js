#!/usr/bin/env node
import * as tf from '@tensorflow/tfjs';
import { main } from '../dist/cli.js';

// production mode: no debug checks, and no "install tfjs-node" banner on stderr
tf.enableProdMode();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
