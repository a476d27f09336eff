import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './helpers/run-cli.js';

// wasm: the pure-JS cpu backend takes ~20 s to evaluate the small CNN on the 2,000 test digits
const IMAGE = ['--dataset', 'mnist', '--fraction', '0.01', '--dev-fraction', '0.25', '--batch-size', '8', '--steps', '2', '--backend', 'wasm', '--progress', 'none'];

describe('every model and variant runs through the CLI', () => {
  it('images: mlp and small-cnn with input-mixup, manifold-mixup and cutmix (+amp)', async () => {
    const before = tf.memory().numTensors;
    for (const args of [
      ['--model', 'mlp', '--variant', 'cutmix', '--amp'],
      ['--model', 'mlp', '--variant', 'input-mixup', '--amp', '--reweight', '2'],
      ['--model', 'small-cnn', '--variant', 'manifold-mixup', '--amp', '--no-clip', '--loss', 'softmax-bce'],
    ]) {
      const r = await runCli(['train', ...IMAGE, ...args]);
      expect(r.errors, args.join(' ')).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/\+amp \(seed 0\): test error \d+\.\d\d%/);
      expect(r.err).toMatch(/\[ampmix\] data: mnist: 60 train, 20 dev, 2000 test digits/);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
  it('text: the BiLSTM with SenMixup + AMP and manifold-mixup', async () => {
    const text = ['--train-file', FIXTURES.train, '--test-file', FIXTURES.test, '--embedding-dim', '6', '--max-length', '10', '--batch-size', '8', '--steps', '2', '--backend', 'cpu', '--progress', 'none'];
    for (const args of [
      ['--model', 'lstm', '--hidden-size', '4', '--variant', 'sen-mixup', '--amp', '--alpha', '0.5'],
      ['--model', 'cnn', '--num-filters', '3', '--variant', 'manifold-mixup', '--freeze-embeddings'],
    ]) {
      const r = await runCli(['train', ...text, ...args]);
      expect(r.errors, args.join(' ')).toEqual([]);
      expect(r.code).toBe(0);
    }
  });
});
