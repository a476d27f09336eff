import * as tf from '@tensorflow/tfjs';
import { OptionError } from '@ampmix/core';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTrainOptions } from '../src/options.js';
import { TrainingSession } from '../src/session.js';
import type { TrainOptions } from '../src/options.js';
import { arrayDataset, blobs, mixup, mlp } from './helpers.js';

describe('resolveTrainOptions', () => {
  const model = mlp(1);
  const train = blobs(30, 1);
  afterAll(() => model.dispose());
  const resolve = (extra: Partial<TrainOptions<tf.Tensor>>) => resolveTrainOptions({ model, train, ...extra });

  it('fills in the documented defaults', () => {
    const before = tf.memory().numTensors;
    const o = resolve({});
    expect(o).toMatchObject({
      method: null, amp: null, loss: 'softmax-ce', batchSize: 50, dropLast: false, stepsPerEpoch: 1, totalSteps: 1,
      learningRate: 2e-4, clipNorm: 10, evalEvery: 1, checkpointEvery: 1, seed: 0, resume: false, patience: null,
      progress: 'auto', maxNonFiniteSteps: 10, logFile: null, checkpointDir: null, inputShape: null,
    });
    expect(resolve({ batchSize: 8 })).toMatchObject({ stepsPerEpoch: 4, totalSteps: 4, evalEvery: 4, checkpointEvery: 4 });
    expect(resolve({ batchSize: 8, dropLast: true, epochs: 3 })).toMatchObject({ stepsPerEpoch: 3, totalSteps: 9 });
    expect(resolve({ batchSize: 8, steps: 7, evalEvery: 2 })).toMatchObject({ totalSteps: 7, evalEvery: 2, checkpointEvery: 2 });
    expect(resolve({ method: mixup(), amp: { epsilon: 0.01 } }).amp).toEqual({ epsilon: 0.01, clip: true, reweightWindow: null, direction: 'adversarial', gradScale: 'mean', lossDifference: 'auto' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes lazyAdam to the session\u2019s Adam', () => {
    const before = tf.memory().numTensors;
    const lazy = new TrainingSession(resolve({ lazyAdam: ['W1'] }), {});
    const dense = new TrainingSession(resolve({}), {});
    expect([...lazy.adam.lazy]).toEqual(['W1']);
    expect(dense.adam.lazy.size).toBe(0);
    lazy.dispose();
    dense.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad values naming the option, the value and the valid range', () => {
    const cases: [Partial<TrainOptions<tf.Tensor>>, RegExp][] = [
      [{ batchSize: 0 }, /Invalid batchSize: got 0; expected an integer ≥ 1/],
      [{ batchSize: 40, dropLast: true }, /Invalid batchSize: got 40; expected an integer in \[1, 30\]/],
      [{ steps: 2, epochs: 1 }, /Invalid steps: got 2; expected undefined when epochs is given/],
      [{ steps: 1.5 }, /Invalid steps: got 1.5; expected an integer ≥ 1/],
      [{ learningRate: 0 }, /Invalid learningRate: got 0; expected a finite number > 0/],
      [{ lazyAdam: ['nope'] }, /Invalid lazyAdam: got \["nope"\]; expected an array of the model's weight names \(W1, b1/],
      [{ clipNorm: -1 }, /Invalid clipNorm: got -1; expected a finite number ≥ 0/],
      [{ seed: -3 }, /Invalid seed: got -3; expected an integer in \[0, 4294967295\]/],
      [{ amp: {} }, /Invalid amp: got \{\}; expected false when no mixing method is given/],
      [{ method: mixup(), amp: { epsilon: -1 } }, /Invalid epsilon: got -1/],
      [{ loss: 'mse' as never }, /Invalid loss: got "mse"; expected one of "softmax-ce", "softmax-bce"/],
      [{ progress: 'fancy' as never }, /Invalid progress: got "fancy"; expected one of "auto", "bar", "lines", "none"/],
      [{ resume: true }, /Invalid resume: got true; expected false unless checkpointDir is given/],
      [{ earlyStopping: { patience: 2 } }, /Invalid earlyStopping: .*expected undefined unless a dev set is given/],
      [{ earlyStopping: { patience: 0 }, dev: train }, /Invalid earlyStopping.patience: got 0; expected an integer ≥ 1/],
      [{ maxNonFiniteSteps: 0 }, /Invalid maxNonFiniteSteps: got 0; expected an integer ≥ 1/],
      [{ evalEvery: 0 }, /Invalid evalEvery: got 0/],
      [{ checkpointEvery: 0 }, /Invalid checkpointEvery: got 0/],
      [{ logFile: '' }, /Invalid logFile: got ""; expected a non-empty path string/],
      [{ inputShape: [4, 0] }, /Invalid inputShape\[1\]: got 0; expected an integer ≥ 1/],
      [{ callbacks: { onBatchEnd: 3 as never } }, /Invalid callbacks.onBatchEnd: got 3; expected a function/],
      [{ callbacks: { onEpochEnd: () => {} } as never }, /Invalid callbacks option "onEpochEnd"/],
      [{ learningrate: 1 } as never, /Invalid train option "learningrate"/],
      [{ method: { name: 'x' } as never }, /Invalid method: .*expected null or a MixMethod/],
    ];
    for (const [extra, message] of cases) {
      expect(() => resolve(extra)).toThrow(OptionError);
      expect(() => resolve(extra)).toThrow(message);
    }
  });

  it('rejects data sets that do not fit the model', () => {
    expect(() => resolve({ dev: arrayDataset([[0, 0, 0, 0]], [0], 5) })).toThrow(/dev has 5 classes but the model outputs 3/);
    expect(() => resolveTrainOptions({ model, train: { ...train, size: 0 } })).toThrow(/Invalid train.size: got 0; expected an integer ≥ 1/);
    expect(() => resolveTrainOptions({ model: {} as never, train })).toThrow(/Invalid model/);
  });
});
