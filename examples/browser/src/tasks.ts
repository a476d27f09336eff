import type * as tf from '@tensorflow/tfjs';
import type { Dataset, MixableModel, MixMethod } from '@ampmix/core';
import { cutMix } from '@ampmix/cutmix';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import type { DatasetFileReader, TextSplits } from '@ampmix/text';
import { createKimCnn, loadTextDatasetFrom } from '@ampmix/text';
import { createSmallCnn, holdOut, splitDigits } from '@ampmix/vision';
import type { TaskName } from './task-list.js';

/** Each task's Mixup variant. */
export const TASK_METHODS: Record<TaskName, (alpha: number) => MixMethod> = {
  'mnist-input-mixup': (alpha) => inputMixup({ alpha }),
  'mnist-cutmix': (alpha) => cutMix({ alpha }),
  'mnist-manifold-mixup': (alpha) => manifoldMixup({ alpha }),
  'trec-word-mixup': (alpha) => wordMixup({ alpha }),
  'trec-sen-mixup': (alpha) => senMixup({ alpha }),
};

/** Train / dev / test of one task. */
export interface TaskData {
  kind: 'mnist' | 'trec';
  train: Dataset<tf.Tensor>;
  dev: Dataset<tf.Tensor>;
  test: Dataset<tf.Tensor>;
  /** The Kim CNN's sizes (TREC only). */
  text?: { vocabSize: number; maxLength: number };
}

/** Digits per class in the shipped slice are balanced by the script; the slice is labels (N bytes) then pixels (N·784 bytes, 0–255). */
export function decodeMnistSlice(bytes: Uint8Array): { pixels: Float32Array; labels: Int32Array } {
  const n = bytes.length / 785;
  if (!Number.isInteger(n) || n < 2) throw new Error(`MNIST slice: ${bytes.length} bytes is not N × (1 + 784)`);
  const labels = Int32Array.from(bytes.subarray(0, n));
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[n + i] / 255;
  return { pixels, labels };
}

/** The MNIST slice as train / dev / test (stratified, seeded): 70% / 10% / 20%. */
export function mnistTask(bytes: Uint8Array, seed: number): TaskData {
  const digits = decodeMnistSlice(bytes);
  const n = digits.labels.length;
  const testSize = Math.round(0.2 * n);
  const split = splitDigits(digits, { seed, trainSize: n - testSize, testSize });
  const { rest, heldOut } = holdOut(split.train, { size: Math.round(0.1 * n), seed });
  return { kind: 'mnist', train: rest, dev: heldOut, test: split.test };
}

/** TREC (6 classes) from the shipped files, read by `read` (a fetch in the page, the file system in Node). */
export async function trecTask(read: DatasetFileReader, seed: number): Promise<TaskData> {
  const d: TextSplits = await loadTextDatasetFrom('trec', read, { seed, maxLength: 40 });
  return { kind: 'trec', train: d.train, dev: d.dev, test: d.test, text: { vocabSize: d.vocab.size, maxLength: d.maxLength } };
}

/** The task's model, the same for every run of a seed. */
export function createTaskModel(data: TaskData, seed: number): MixableModel<tf.Tensor> {
  if (data.kind === 'mnist') return createSmallCnn({ numClasses: 10, channels: [8, 16], seed }) as unknown as MixableModel<tf.Tensor>;
  const t = data.text!;
  return createKimCnn({
    vocabSize: t.vocabSize, numClasses: data.train.numClasses, maxLength: t.maxLength,
    embeddingDim: 32, numFilters: 32, filterSizes: [3, 4, 5], dropout: 0.5, seed,
  }) as unknown as MixableModel<tf.Tensor>;
}
