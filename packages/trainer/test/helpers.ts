import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll } from 'vitest';
import type { Dataset, ForwardOptions, MixableModel, MixMethod } from '@ampmix/core';
import { betaPolicy, createMlp, linearMixer, uniqueScope } from '@ampmix/core';
import { arrayDataset as coreArrayDataset, gaussianBlobs } from '@ampmix/core/testing';

export const FEATURES = 4;
export const CLASSES = 3;

/** A dataset over plain feature rows. */
export function arrayDataset(rows: number[][], labels: number[], numClasses = CLASSES): Dataset<tf.Tensor> {
  return coreArrayDataset(rows, labels, numClasses);
}

/** Three Gaussian blobs in 4-d, seeded. */
export function blobs(n: number, seed: number, spread = 1): Dataset<tf.Tensor> {
  return gaussianBlobs(n, seed, { spread, features: FEATURES, classes: CLASSES });
}

/** A tiny MLP (4 → 8 → 3). */
export function mlp(seed = 1, hidden = [8], dropout = 0): MixableModel<tf.Tensor> {
  return createMlp({ inputSize: FEATURES, hiddenSizes: hidden, numClasses: CLASSES, seed, dropout, activation: 'tanh' });
}

/** Mixup at the input (core's Beta policy + linear mixer). */
export function mixup(): MixMethod {
  return { name: 'mixup', policy: betaPolicy({ alpha: 1 }), mixer: linearMixer };
}

/** The weights' values by name. */
export function values(model: MixableModel<unknown>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, w.dataSync() as Float32Array]));
}

const made: string[] = [];
// registered on the importing test file: its temporary folders go when its tests are done
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory (removed when the test process exits). */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ampmix-trainer-'));
  made.push(dir);
  return dir;
}

/** Wraps a model so its logits become NaN while `poisoned.on` is true. */
export function poisonable(inner: MixableModel<tf.Tensor>): MixableModel<tf.Tensor> & { poisoned: { on: boolean } } {
  const poisoned = { on: false };
  return {
    sites: inner.sites,
    numClasses: inner.numClasses,
    weights: inner.weights,
    batchSize: (x) => inner.batchSize(x),
    forward(x: tf.Tensor, o?: ForwardOptions) {
      const logits = inner.forward(x, o);
      if (!poisoned.on) return logits;
      const out = tf.tidy(() => tf.mul(logits, NaN) as tf.Tensor2D);
      logits.dispose();
      return out;
    },
    dispose: () => inner.dispose(),
    poisoned,
  };
}

/**
 * A model whose logits do not depend on its weight (logits = constant row + 0·w): its dev error never
 * changes, so early stopping must trigger.
 */
export function frozenModel(): MixableModel<tf.Tensor> {
  const w = tf.tidy(() => tf.variable(tf.zeros([1]), true, `${uniqueScope('frozen')}/w`));
  return {
    sites: ['input'],
    numClasses: CLASSES,
    weights: { w },
    batchSize: (x) => x.shape[0],
    forward: (x) => tf.tidy(() => tf.add(tf.mul(tf.sum(x, 1, true), 0), tf.add(tf.tensor2d([[1, 0, 0]]), tf.mul(w, 0))) as tf.Tensor2D),
    dispose: () => w.dispose(),
  };
}

/** Reads a JSONL file. */
export function jsonl(file: string): Record<string, unknown>[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}
