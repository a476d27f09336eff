import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import type { Dataset, MixableModel, MixMethod, MixStepStats } from '@ampmix/core';
import { BackendError, chooseBackend, createMlp, OptionError, Rng, ShapeError } from '@ampmix/core';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { cutMix } from '@ampmix/cutmix';
import { createBiLstm, createKimCnn, TextDataset } from '@ampmix/text';
import { loadTextFiles } from '@ampmix/text/node';
import { senMixup, wordMixup } from '@ampmix/sentence-mixup';
import { createImageDataset, createImageMlp } from '@ampmix/vision';
import { train } from '@ampmix/trainer/node';
import type { TrainOptions } from '@ampmix/trainer';
import { blobs, FIXTURES, mixup, mlp, readLines, tmpDir, values } from './helpers.js';

const FACTORIES: [string, (o: { alpha: number }) => MixMethod][] = [
  ['inputMixup', (o) => inputMixup(o)],
  ['manifoldMixup', (o) => manifoldMixup(o)],
  ['cutMix', (o) => cutMix(o)],
  ['wordMixup', (o) => wordMixup(o)],
  ['senMixup', (o) => senMixup(o)],
];

describe('α ≤ 0 or not finite: the same message from every variant', () => {
  it.each(FACTORIES.flatMap(([name, f]) => [0, -1, Number.NaN, Infinity].map((a) => [name, f, a] as const)))('%s({ alpha: %s })', (_n, factory, alpha) => {
    expect(() => factory({ alpha })).toThrow(OptionError);
    expect(() => factory({ alpha })).toThrow(new OptionError('alpha', alpha, 'a finite number > 0').message);
  });
});

describe('train(): bad options fail before anything is written', () => {
  const trainSet = blobs(12, 3);
  it.each([
    ['ε < 0', { amp: { epsilon: -0.5 } }, 'Invalid epsilon: got -0.5; expected a finite number ≥ 0.'],
    ['ε = NaN', { amp: { epsilon: Number.NaN } }, 'Invalid epsilon: got NaN; expected a finite number ≥ 0.'],
    ['ε = −∞', { amp: { epsilon: -Infinity } }, 'Invalid epsilon: got -Infinity; expected a finite number ≥ 0.'],
    ['window 1', { amp: { reweight: { window: 1 } } }, 'Invalid reweight.window: got 1; expected an integer ≥ 2.'],
    ['window 2.5', { amp: { reweight: { window: 2.5 } } }, 'Invalid reweight.window: got 2.5; expected an integer ≥ 2.'],
    ['batch of zero', { batchSize: 0 }, 'Invalid batchSize: got 0; expected an integer ≥ 1.'],
    ['batch larger than the data with dropLast', { batchSize: 20, dropLast: true }, 'Invalid batchSize: got 20; expected an integer in [1, 12] (the training set size) when dropLast is true.'],
  ] as [string, Partial<TrainOptions<tf.Tensor>>, string][])('%s', async (_name, bad, message) => {
    const dir = tmpDir();
    const model = mlp(1);
    const begin = vi.fn();
    const options: TrainOptions<tf.Tensor> = {
      model, train: trainSet, method: mixup(), amp: {}, steps: 2, batchSize: 4, progress: 'none',
      logFile: path.join(dir, 'run.jsonl'), checkpointDir: path.join(dir, 'ckpt'), callbacks: { onTrainBegin: begin }, ...bad,
    };
    await expect(train(options)).rejects.toThrow(message);
    expect(begin).not.toHaveBeenCalled();
    expect(fs.readdirSync(dir)).toEqual([]);
    model.dispose();
  });
});

/** An image dataset whose batches are [B, H, W] (rank 3: the channel axis is missing). */
function rank3Images(): Dataset<tf.Tensor> {
  const n = 6;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  return {
    size: n,
    numClasses: 3,
    labels,
    batch: (indices) => ({ inputs: tf.ones([indices.length, 4, 5]), labels: tf.tensor1d(Array.from(indices, (i) => labels[i]), 'int32') }),
  };
}

describe('wrong image rank', () => {
  it.each([
    ['image MLP, Input Mixup', () => inputMixup(), 'image MLP input must have shape [batch, 4, 5, 1]; got [3, 4, 5] (rank 3)'],
    ['image MLP, CutMix', () => cutMix(), 'CutMix needs inputShape [height, width, channels] of positive integers (rank 3); got [4, 5]'],
  ] as const)('%s: a ShapeError naming the expected shape at the first step; no weight changed, no checkpoint written', async (_name, method, message) => {
    const before = tf.memory().numTensors;
    const dir = tmpDir();
    const model = createImageMlp({ inputShape: [4, 5, 1], hiddenSizes: [4], numClasses: 3, seed: 1 });
    const start = values(model);
    const logFile = path.join(dir, 'run.jsonl');
    const err = await train({ model, train: rank3Images(), method: method(), amp: {}, steps: 2, batchSize: 3, progress: 'none', logFile, checkpointDir: path.join(dir, 'ckpt') }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toBe(message);
    expect(values(model)).toEqual(start);
    expect(fs.existsSync(path.join(dir, 'ckpt'))).toBe(false);
    expect(readLines(logFile).at(-1)).toEqual({ type: 'error', step: 0, message });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a dataset of the wrong pixel count is refused when it is built', () => {
    expect(() => createImageDataset({ pixels: new Float32Array(10), labels: Int32Array.from([0, 1]), shape: [2, 2, 1], numClasses: 2 })).toThrow(
      'image dataset needs 2 × [2, 2, 1] = 8 pixel values; got 10',
    );
  });
});

describe('fraction outside (0, 1], fold outside [0, 9]', () => {
  it.each([
    [{ fraction: Number.NaN }, 'Invalid fraction: got NaN; expected a number in (0, 1].'],
    [{ fraction: 1.5 }, 'Invalid fraction: got 1.5; expected a number in (0, 1].'],
    [{ fraction: -0.1 }, 'Invalid fraction: got -0.1; expected a number in (0, 1].'],
    [{ fold: -1 }, 'Invalid fold: got -1; expected an integer in [0, 9].'],
    [{ fold: 2.5 }, 'Invalid fold: got 2.5; expected an integer in [0, 9].'],
  ])('loadTextFiles(%j)', async (options, message) => {
    await expect(loadTextFiles({ train: FIXTURES.train }, options)).rejects.toThrow(message);
  });
});

describe('unknown or missing backend', () => {
  it('a backend that is not installed: BackendError naming it and its package; the active backend is kept', async () => {
    const active = tf.getBackend();
    const err = await chooseBackend({ backend: 'node', log: () => {}, importer: () => Promise.reject(new Error("Cannot find package '@tensorflow/tfjs-node'")) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe(
      'backend "node" is unavailable: @tensorflow/tfjs-node is not installed.',
    );
    expect(tf.getBackend()).toBe(active);
  });
});

describe('embeddings of the wrong dimension', () => {
  it.each([
    ['createKimCnn', createKimCnn],
    ['createBiLstm', createBiLstm],
  ] as const)('%s: a table that is not vocabSize × embeddingDim is refused, naming both', (_name, create) => {
    const base = { vocabSize: 12, numClasses: 2, maxLength: 5 };
    expect(() => create({ ...base, embeddingDim: 4, embeddings: new Float32Array(12 * 5) })).toThrow(
      'Invalid embeddings: got "60 values"; expected vocabSize × embeddingDim = 12 × 4 values.',
    );
    expect(() => create({ ...base, embeddings: new Float32Array(50) })).toThrow('Invalid embeddings: got "50 values"; expected vocabSize × embeddingDim = 12 × dim values.');
    const nan = new Float32Array(12 * 4);
    nan[9] = Number.NaN;
    expect(() => create({ ...base, embeddings: nan })).toThrow('Invalid embeddings[9]: got NaN; expected a finite number.');
  });

  it('token ids of the wrong shape: a ShapeError naming the expected shape', () => {
    const kim = createKimCnn({ vocabSize: 12, numClasses: 2, maxLength: 5, embeddingDim: 4, filterSizes: [2], numFilters: 2 });
    const ids = tf.zeros([2, 6], 'int32');
    expect(() => kim.forward(ids as tf.Tensor2D)).toThrow('kim-cnn input must be int32 token ids of shape [batch, 5]; got int32 [2, 6]');
    ids.dispose();
    kim.dispose();
  });
});

describe('a batch of one', () => {
  const textData = (n: number): TextDataset => {
    const rng = new Rng(2);
    const ids = Int32Array.from({ length: n * 5 }, (_, i) => (i % 5 < 3 ? 2 + rng.int(10) : 0));
    return new TextDataset(ids, Int32Array.from({ length: n }, (_, i) => i % 2), Int32Array.from({ length: n }, () => 3), 5, 2);
  };
  const imageData = (n: number) =>
    createImageDataset({ pixels: Float32Array.from({ length: n * 20 }, (_, i) => (i % 7) / 7), labels: Int32Array.from({ length: n }, (_, i) => i % 3), shape: [4, 5, 1], numClasses: 3 });
  const cases: [string, () => MixableModel<tf.Tensor>, () => Dataset<tf.Tensor>, () => MixMethod][] = [
    ['input-mixup, MLP', () => createMlp({ inputSize: 4, hiddenSizes: [5], numClasses: 3 }), () => blobs(9, 1), () => inputMixup()],
    ['manifold-mixup, MLP', () => createMlp({ inputSize: 4, hiddenSizes: [5, 4], numClasses: 3 }), () => blobs(9, 1), () => manifoldMixup()],
    ['cutmix, image MLP', () => createImageMlp({ inputShape: [4, 5, 1], hiddenSizes: [4], numClasses: 3 }) as unknown as MixableModel<tf.Tensor>, () => imageData(9) as unknown as Dataset<tf.Tensor>, () => cutMix()],
    ['word-mixup, Kim CNN', () => createKimCnn({ vocabSize: 12, numClasses: 2, maxLength: 5, embeddingDim: 4, filterSizes: [2], numFilters: 2 }) as unknown as MixableModel<tf.Tensor>, () => textData(9) as unknown as Dataset<tf.Tensor>, () => wordMixup()],
    ['word-mixup, BiLSTM', () => createBiLstm({ vocabSize: 12, numClasses: 2, maxLength: 5, embeddingDim: 4, hiddenSize: 3 }) as unknown as MixableModel<tf.Tensor>, () => textData(9) as unknown as Dataset<tf.Tensor>, () => wordMixup()],
    ['sen-mixup, BiLSTM', () => createBiLstm({ vocabSize: 12, numClasses: 2, maxLength: 5, embeddingDim: 4, hiddenSize: 3 }) as unknown as MixableModel<tf.Tensor>, () => textData(9) as unknown as Dataset<tf.Tensor>, () => senMixup()],
  ];
  it.each(cases)('%s + AMP: batches of one and a last partial batch of one train without NaN or a skipped step', async (_name, makeModel, data, method) => {
    const before = tf.memory().numTensors;
    const model = makeModel();
    const stats: MixStepStats[] = [];
    // 9 examples in batches of 8: the epoch's last batch holds one example; then batches of one
    for (const batchSize of [8, 1]) {
      await train({ model, train: data(), method: method(), amp: { epsilon: 1 }, steps: 2, batchSize, progress: 'none', callbacks: { onBatchEnd: (_s, st) => void stats.push(st) } });
    }
    expect(stats.map((s) => s.skipped)).toEqual([false, false, false, false]);
    expect(stats.every((s) => Number.isFinite(s.loss) && Number.isFinite(s.gradNorm))).toBe(true);
    // a single example is its own partner: mixing is the identity and AMP does not move λ
    expect([stats[1].meanAbsDeltaLambda, stats[2].meanAbsDeltaLambda, stats[3].meanAbsDeltaLambda]).toEqual([0, 0, 0]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
