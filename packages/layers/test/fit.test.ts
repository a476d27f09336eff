import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { datasetFromTensors, fitMixup, modelFromArtifacts, modelToArtifacts, wrapLayersModel } from '../src/index.js';
import { randomTensor, sequentialMlp } from './helpers.js';

/** A learnable toy task: 3 classes by which of the first three features is largest. */
function toyData(n: number, seed: number): { x: tf.Tensor2D; labels: tf.Tensor1D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = randomTensor(seed, [n, 5]) as tf.Tensor2D;
    const labels = tf.argMax(x.slice([0, 0], [n, 3]), 1).toInt() as tf.Tensor1D;
    return { x, labels, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
  });
}

const compiled = (opts: Parameters<typeof sequentialMlp>[0] = {}, lr = 0.5) => {
  const m = sequentialMlp(opts);
  m.compile({ optimizer: tf.train.sgd(lr), loss: 'categoricalCrossentropy' });
  return m;
};

describe('fitMixup', () => {
  it('tf.callbacks.earlyStopping stops training; returns a tf.History; CustomCallback and hook objects see the logs', async () => {
    const model = compiled({ dropout: 0.2 });
    const { x, labels, y } = toyData(60, 1);
    const events: string[] = [];
    const custom = new tf.CustomCallback({ onEpochEnd: async (epoch) => { events.push(`custom:${epoch}`); } });
    const batchLogs: tf.Logs[] = [];
    const before = tf.memory().numTensors;
    const history = await fitMixup(model, x, y, {
      method: inputMixup(), amp: { epsilon: 0.01 }, epochs: 30, batchSize: 16, validationSplit: 0.25, verbose: 0, seed: 3,
      // improvement must beat 10 nats: after the first epoch none does, so patience 2 stops at epoch index 2
      callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_loss', minDelta: 10, patience: 2 }), custom, { onBatchEnd: async (_b: number, logs?: tf.Logs) => { batchLogs.push(logs!); } }],
    });
    expect(history).toBeInstanceOf(tf.History);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(events).toEqual(['custom:0', 'custom:1', 'custom:2']);
    expect(Object.keys(history.history).sort()).toEqual(['ampMaskRate', 'ampMeanAbsDeltaLambda', 'loss', 'val_acc', 'val_loss']);
    for (const k of Object.keys(history.history)) expect(history.history[k]).toHaveLength(3);
    expect(history.params).toMatchObject({ epochs: 30, samples: 45, steps: 3, batchSize: 16, doValidation: true });
    // 45 training examples in batches of 16: 16, 16, 13 per epoch
    expect(batchLogs.slice(0, 3).map((l) => l.size)).toEqual([16, 16, 13]);
    expect(batchLogs.every((l) => Number.isFinite(l.loss) && l.ampMaskRate >= 0 && l.ampMaskRate <= 1 && l.ampMeanAbsDeltaLambda > 0)).toBe(true);
    expect(model.history).toBe(history);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, labels, y]);
    model.dispose();
  });

  it('trains the model in place (loss falls, val_acc rises) and model.predict then equals the adapter', async () => {
    const model = compiled({}, 0.5);
    const { x, labels, y } = toyData(96, 2);
    const v = toyData(60, 3);
    const lines: string[] = [];
    const history = await fitMixup(model, x, labels, { method: inputMixup(), amp: true, epochs: 8, batchSize: 16, validationData: [v.x, v.y], seed: 1, print: (l) => lines.push(l) });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    expect((history.history.val_acc as number[]).at(-1)).toBeGreaterThan(0.7);
    expect(lines[0]).toBe('Epoch 1/8');
    expect(lines[1]).toMatch(/^6\/6 - \d+\.\ds \d+ms\/step - loss: \d\.\d{4} - ampMaskRate: \d\.\d{4} - ampMeanAbsDeltaLambda: \d\.\d{2}e[-+]\d+ - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/);
    const [p, q] = [model.predict(v.x) as tf.Tensor, wrapLayersModel(model).predict(v.x)];
    expect(Array.from(p.dataSync())).toEqual(Array.from(q.dataSync()));
    tf.dispose([p, q, x, labels, y, v.x, v.y, v.labels]);
    model.dispose();
  });

  it('is seeded: the same seed gives the same run, another seed another run', async () => {
    const { x, labels, y } = toyData(40, 4);
    const run = async (seed: number) => {
      const model = compiled({ dropout: 0.3 });
      const h = await fitMixup(model, x, y, { method: manifoldMixup(), amp: true, epochs: 2, batchSize: 10, verbose: 0, seed });
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return { loss: h.history.loss, w };
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(b).toEqual(a);
    expect(c.loss).not.toEqual(a.loss);
    tf.dispose([x, labels, y]);
  });

  it('save → load → the same predictions (in memory, through tf.io.withSaveHandler and tf.io.fromMemory)', async () => {
    const model = compiled({ dropout: 0.2 });
    const { x, labels, y } = toyData(32, 5);
    await fitMixup(model, x, y, { method: inputMixup(), amp: true, epochs: 2, batchSize: 8, verbose: 0 });
    const artifacts = await modelToArtifacts(model);
    expect(artifacts.modelTopology).toBeTruthy();
    const loaded = await modelFromArtifacts(artifacts);
    const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    tf.dispose([p, q, x, labels, y]);
    model.dispose();
    loaded.dispose();
  });

  it('takes a tf.data.Dataset of {xs, ys} batches (like fitDataset) for training and validation, leak-free', async () => {
    const model = compiled();
    const { x, labels, y } = toyData(48, 6);
    const [xl, yl] = [tf.unstack(x), tf.unstack(y)];
    const ds = tf.data.zip({ xs: tf.data.array(xl), ys: tf.data.array(yl) }).batch(12) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const before = tf.memory().numTensors;
    const h = await fitMixup(model, ds, { method: inputMixup(), amp: true, epochs: 3, validationData: ds, verbose: 0 });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.params.steps).toBeNull();
    expect((h.history.val_acc as number[]).every((a) => a >= 0 && a <= 1)).toBe(true);
    const limited = await fitMixup(model, ds, { epochs: 1, batchesPerEpoch: 2, verbose: 0 });
    expect(limited.history.loss).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
    await expect(fitMixup(model, ds, { epochs: 1, batchesPerEpoch: 5, verbose: 0 })).rejects.toThrow(/ended after 4 batches in epoch 1; batchesPerEpoch is 5/);
    await expect(fitMixup(model, ds, { validationSplit: 0.2, verbose: 0 })).rejects.toThrow(/Invalid validationSplit: got 0.2; expected 0 for a tf.data.Dataset/);
    tf.dispose([x, labels, y, ...xl, ...yl]);
    model.dispose();
  });

  it('a plain fitMixup step on a batchNormalization model equals a plain model.fit step (moving statistics exactly)', async () => {
    const build = () => {
      const m = tf.sequential({ layers: [
        tf.layers.dense({ units: 6, inputShape: [5], name: 'd', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
        tf.layers.batchNormalization({ name: 'bn' }),
        tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
      ] });
      m.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      return m;
    };
    const [a, b] = [build(), build()];
    const { x, labels, y } = toyData(8, 7);
    await fitMixup(a, x, y, { batchSize: 8, shuffle: false, verbose: 0 });
    await b.fit(x, y, { batchSize: 8, shuffle: false, verbose: 0 });
    const bn = (m: tf.LayersModel) => m.getLayer('bn').getWeights().slice(2).map((t) => Array.from(t.dataSync()));
    expect(bn(a)).toEqual(bn(b));
    a.getWeights().forEach((t, i) => expect(Math.max(...Array.from(tf.tidy(() => tf.abs(tf.sub(t, b.getWeights()[i])).dataSync())))).toBeLessThan(1e-5));
    tf.dispose([x, labels, y]);
    a.dispose();
    b.dispose();
  });

  it('refuses a loss it cannot map, a linear output with categoricalCrossentropy, a missing optimizer and typos, naming the option', async () => {
    const { x, labels, y } = toyData(8, 8);
    const mse = sequentialMlp();
    mse.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(fitMixup(mse, x, y, { verbose: 0 })).rejects.toThrow(/Invalid loss \(from model.compile\): got "meanSquaredError"; expected one of "categoricalCrossentropy", "sparseCategoricalCrossentropy"/);
    const linear = sequentialMlp({ softmax: false });
    linear.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await expect(fitMixup(linear, x, y, { verbose: 0 })).rejects.toThrow(/expects softmax probabilities but the output has no softmax; end the model in a softmax, or pass loss: "softmax-ce"/);
    const h = await fitMixup(linear, x, y, { verbose: 0, loss: 'softmax-ce' });
    expect(h.history.loss).toHaveLength(1);
    const bare = sequentialMlp();
    await expect(fitMixup(bare, x, y, { verbose: 0 })).rejects.toThrow(/Invalid optimizer: got undefined; expected a tf.Optimizer or one of "sgd", "adam"/);
    expect((await fitMixup(bare, x, y, { verbose: 0, optimizer: 'adam' })).epoch).toEqual([0]);
    await expect(fitMixup(bare, x, y, { epoch: 3 } as never)).rejects.toThrow(/Invalid fitMixup option "epoch"/);
    await expect(fitMixup(bare, x, y, { amp: true, optimizer: 'sgd' })).rejects.toThrow(/Invalid amp: got true; expected false when no method is given/);
    await expect(fitMixup(bare, x, y, { optimizer: 'sgd', callbacks: { onEpochEnds: () => {} } as never })).rejects.toThrow(/Invalid callbacks\[0\] hook "onEpochEnds"/);
    tf.dispose([x, labels, y]);
    [mse, linear, bare].forEach((m) => m.dispose());
  });

  it('datasetFromTensors reads class indices and one-hot rows, refuses soft targets', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const d1 = datasetFromTensors(x, tf.tensor1d([2, 0, 1], 'int32'));
    const d2 = datasetFromTensors(x, tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 4));
    expect([Array.from(d1.labels), d1.numClasses]).toEqual([[2, 0, 1], 3]);
    expect([Array.from(d2.labels), d2.numClasses]).toEqual([[2, 0, 1], 4]);
    const b = d2.batch([2, 0]);
    expect([b.inputs.arraySync(), b.labels.arraySync()]).toEqual([[[5, 6], [1, 2]], [1, 2]]);
    tf.dispose([b.inputs, b.labels]);
    expect(() => datasetFromTensors(x, tf.tensor2d([[0.5, 0.5], [1, 0], [0, 1]]))).toThrow(/y row 0 is not one-hot/);
    x.dispose();
  });
});
