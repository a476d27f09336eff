import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { main } from '../../src/main.js';

/** Paths of the tiny text fixtures (two classes: positive and negative words). */
export const FIXTURES = {
  train: fileURLToPath(new URL('../fixtures/tiny.train', import.meta.url)),
  dev: fileURLToPath(new URL('../fixtures/tiny.dev', import.meta.url)),
  test: fileURLToPath(new URL('../fixtures/tiny.test', import.meta.url)),
};

/** Flags of a small, fast text model on the fixtures (cpu backend, no progress output). */
export const TINY = ['--train-file', FIXTURES.train, '--test-file', FIXTURES.test, '--embedding-dim', '8', '--num-filters', '4', '--filter-sizes', '2,3', '--max-length', '12', '--batch-size', '8', '--backend', 'cpu', '--progress', 'none'];

/** Result of {@link runCli}. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stderr lines without the backend/data info lines. */
  errors: string[];
}

/**
 * Runs `main` in-process with captured stdout/stderr, and asserts that it left no tensors behind
 * (`tf.memory().numTensors` unchanged), whether it succeeded or failed.
 */
export async function runCli(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const before = tf.memory().numTensors;
  const code = await main(argv, { out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`) });
  expect(tf.memory().numTensors, `tensors left by ampmix ${argv.join(' ')}`).toBe(before);
  const errors = err.split('\n').filter((l) => l && !l.startsWith('[ampmix]'));
  return { code, out, err, errors };
}
