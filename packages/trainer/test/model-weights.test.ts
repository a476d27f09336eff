import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import { TextDataset, createKimCnn } from '@ampmix/text';
import { createSmallCnn } from '@ampmix/vision';
import type { WeightsJSON } from '../src/index.js';
import { WEIGHTS_FORMAT, WeightsError, exportWeights, importWeights, loadWeightsInto, train as trainInMemory, trainWith } from '../src/index.js';
import { fileRunIO, loadWeights, readWeights, saveWeights, train } from '../src/node/index.js';
import { blobs, jsonl, mixup, mlp, tmpDir, values } from './helpers.js';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const probe = blobs(12, 5);

/** The model's logits (inference mode) on `probe`, as plain arrays. */
function predict(model: MixableModel<tf.Tensor>): number[][] {
  const { inputs, labels } = probe.batch(Int32Array.from({ length: probe.size }, (_, i) => i));
  const logits = model.forward(inputs);
  const out = logits.arraySync() as number[][];
  tf.dispose([inputs, labels, logits]);
  return out;
}

/** A tiny MLP trained a few steps with Mixup + AMP (its weights differ from any fresh model's). */
async function trained(seed = 1, hidden = [8]): Promise<MixableModel<tf.Tensor>> {
  const model = mlp(seed, hidden);
  await trainInMemory({ model, train: blobs(40, 1), method: mixup(), amp: {}, steps: 6, batchSize: 10, learningRate: 0.05, seed: 3, progress: 'none' });
  return model;
}

describe('exportWeights / importWeights', () => {
  it('round-trips a trained model into a fresh one of another seed: identical predictions', async () => {
    const model = await trained();
    const fresh = mlp(7);
    expect(predict(fresh)).not.toEqual(predict(model));
    const { modelJson, weightData } = await exportWeights(model, { metadata: { note: 'test' } });
    expect(modelJson).toMatchObject({ format: WEIGHTS_FORMAT, convertedBy: null, userDefinedMetadata: { note: 'test' } });
    expect(modelJson.generatedBy).toMatch(/^@ampmix\/trainer \d+\.\d+\.\d+/);
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(modelJson.weightsManifest[0].weights.map((s) => [s.name, s.shape, s.dtype])).toEqual(
      Object.entries(model.weights).map(([k, w]) => [k, w.shape, 'float32']));
    // float32: 4 bytes per value, nothing else
    expect(weightData.byteLength).toBe(4 * Object.values(model.weights).reduce((a, w) => a + w.size, 0));
    importWeights(fresh, JSON.parse(JSON.stringify(modelJson)), weightData);
    expect(values(fresh)).toEqual(values(model));
    expect(predict(fresh)).toEqual(predict(model));
    model.dispose();
    fresh.dispose();
  });

  it('round-trips the built-in text and image models (Kim CNN with a trainable embedding, small CNN)', async () => {
    const L = 6;
    const ids = Int32Array.from({ length: 4 * L }, (_, i) => 1 + ((i * 7) % 19));
    const text = new TextDataset(ids, Int32Array.from([0, 1, 2, 0]), Int32Array.from([L, L, 3, 5]), L, 3);
    const kim = (seed: number) => createKimCnn({ vocabSize: 20, numClasses: 3, maxLength: L, embeddingDim: 5, numFilters: 3, seed });
    const cnn = (seed: number) => createSmallCnn({ inputShape: [8, 8, 1], numClasses: 3, channels: [2, 3], seed });
    const images = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 4);
    const batch = text.batch(Int32Array.from([0, 1, 2, 3]));
    for (const [make, x] of [[kim, batch.inputs], [cnn, images]] as const) {
      const a = make(1) as MixableModel<unknown>;
      const b = make(2) as MixableModel<unknown>;
      const { modelJson, weightData } = await exportWeights(a);
      importWeights(b, modelJson, weightData);
      const ya = a.forward(x as never);
      const yb = b.forward(x as never);
      expect(yb.arraySync()).toEqual(ya.arraySync());
      tf.dispose([ya, yb]);
      a.dispose();
      b.dispose();
    }
    tf.dispose([images, batch.inputs, batch.labels]);
  });

  it('takes the bytes as an ArrayBuffer, a Uint8Array view into a larger buffer, or several buffers', async () => {
    const model = await trained();
    const { modelJson, weightData } = await exportWeights(model);
    const padded = new Uint8Array(weightData.byteLength + 16);
    padded.set(new Uint8Array(weightData), 8);
    const cut = 20;
    for (const data of [new Uint8Array(padded.buffer, 8, weightData.byteLength), [weightData.slice(0, cut), weightData.slice(cut)]]) {
      const fresh = mlp(9);
      importWeights(fresh, modelJson, data);
      expect(values(fresh)).toEqual(values(model));
      fresh.dispose();
    }
    model.dispose();
  });

  it('tfjs decodes the export itself: tf.io.decodeWeights gives the model weights', async () => {
    const model = await trained();
    const { modelJson, weightData } = await exportWeights(model);
    const decoded = tf.io.decodeWeights(weightData, modelJson.weightsManifest[0].weights);
    expect(Object.keys(decoded).sort()).toEqual(Object.keys(model.weights).sort());
    for (const [k, w] of Object.entries(model.weights)) {
      expect(decoded[k].shape).toEqual(w.shape);
      expect(decoded[k].dataSync()).toEqual(w.dataSync());
    }
    tf.dispose(Object.values(decoded));
    model.dispose();
  });

  it('rejects metadata that is not plain JSON, and unknown options', async () => {
    const model = mlp();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(exportWeights(model, { metadata: cyclic })).rejects.toThrow(OptionError);
    await expect(exportWeights(model, { metadata: [1] as never })).rejects.toThrow(/metadata.*a plain object of JSON values/);
    await expect(exportWeights(model, { meta: {} } as never)).rejects.toThrow(/meta/);
    model.dispose();
  });
});

describe('mismatches: clear errors, nothing assigned', () => {
  async function attempt(saved: MixableModel<tf.Tensor>, target: MixableModel<tf.Tensor>): Promise<WeightsError> {
    const { modelJson, weightData } = await exportWeights(saved);
    const held = values(target);
    let err: unknown = null;
    try {
      importWeights(target, modelJson, weightData);
    } catch (e) {
      err = e;
    }
    expect(values(target)).toEqual(held);
    saved.dispose();
    target.dispose();
    expect(err).toBeInstanceOf(WeightsError);
    return err as WeightsError;
  }

  it('a wrong shape names the weight, the expected and the saved shape', async () => {
    const e = await attempt(mlp(1, [8]), mlp(2, [16]));
    expect(e.code).toBe('E_WEIGHTS');
    expect(e.problems).toEqual([
      'weight "W1" has shape [4, 8]; the model expects [4, 16]',
      'weight "b1" has shape [8]; the model expects [16]',
      'weight "W2" has shape [8, 3]; the model expects [16, 3]',
    ]);
    expect(e.message).toMatch(/^the saved weights do not fit the model: weight "W1" has shape \[4, 8\]; the model expects \[4, 16\]/);
  });

  it('a missing weight and an unexpected weight are named', async () => {
    const missing = await attempt(mlp(1, [8]), mlp(2, [8, 8]));
    expect(missing.problems).toEqual([
      'weight "W2" has shape [8, 3]; the model expects [8, 8]',
      'weight "b2" has shape [3]; the model expects [8]',
      'missing weight "W3" (the model expects float32 [8, 3])',
      'missing weight "b3" (the model expects float32 [3])',
    ]);
    const extra = await attempt(mlp(1, [8, 8]), mlp(2, [8]));
    expect(extra.problems).toContain('unexpected weights "W3", "b3" (the model\'s weights are "W1", "b1", "W2", "b2")');
  });

  it('a weights file of the wrong size and a malformed manifest are refused', async () => {
    const model = await trained();
    const { modelJson, weightData } = await exportWeights(model);
    const size = weightData.byteLength;
    expect(() => importWeights(model, modelJson, weightData.slice(0, size - 4))).toThrow(`the weights data has ${size - 4} bytes; the manifest's weights take ${size} (truncated?)`);
    expect(() => importWeights(model, modelJson, new Uint8Array(size + 4))).toThrow(`the weights data has ${size + 4} bytes; the manifest's weights take ${size}`);
    expect(() => importWeights(model, { weightsManifest: {} }, weightData)).toThrow('model.json is not a tfjs weights manifest: its weightsManifest is not an array');
    expect(() => importWeights(model, { weightsManifest: [{ paths: ['w'], weights: [{ name: 'W1' }] }] }, weightData)).toThrow(/weightsManifest\[0\]\.weights\[0\] is not \{ name, shape, dtype \}/);
    expect(() => importWeights(model, modelJson, 'bytes' as never)).toThrow(OptionError);
    model.dispose();
  });

  it('loadWeightsInto checks a tensor map the same way (and leaves the tensors to the caller)', async () => {
    const model = await trained();
    const fresh = mlp(5);
    const map = Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, w.clone()])) as tf.NamedTensorMap;
    loadWeightsInto(fresh, map);
    expect(predict(fresh)).toEqual(predict(model));
    expect(Object.values(map).every((t) => !t.isDisposed)).toBe(true);
    const wrong = { ...map, W2: tf.zeros([3, 3]) };
    expect(() => loadWeightsInto(fresh, wrong)).toThrow('the weights given do not fit the model: weight "W2" has shape [3, 3]; the model expects [8, 3]');
    const ints = { ...map, b2: tf.zeros([3], 'int32') };
    expect(() => loadWeightsInto(fresh, ints)).toThrow('weight "b2" is int32; the model expects float32');
    expect(() => loadWeightsInto(fresh, { W1: 1 } as never)).toThrow(OptionError);
    tf.dispose([...Object.values(map), wrong.W2, ints.b2]);
    model.dispose();
    fresh.dispose();
  });
});

describe('saveWeights / loadWeights / readWeights (files)', () => {
  it('writes model.json + weights.bin that tfjs reads on its own, and that load into a fresh model', async () => {
    const model = await trained();
    const dir = path.join(tmpDir(), 'model');
    expect(await saveWeights(model, dir, { metadata: { dataset: 'blobs' } })).toBe(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['model']); // no temporary folder left
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    // tfjs's own decoder, straight from the files
    const decoded = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), json.weightsManifest[0].weights);
    for (const [k, w] of Object.entries(model.weights)) expect(decoded[k].dataSync()).toEqual(w.dataSync());
    tf.dispose(Object.values(decoded));

    const fresh = mlp(11);
    const got = await loadWeights(fresh, dir);
    expect(got.userDefinedMetadata).toEqual({ dataset: 'blobs' });
    expect(predict(fresh)).toEqual(predict(model));

    const read = await readWeights(dir);
    expect(read.modelJson.format).toBe(WEIGHTS_FORMAT);
    for (const [k, w] of Object.entries(model.weights)) expect(read.weights[k].dataSync()).toEqual(w.dataSync());
    tf.dispose(Object.values(read.weights));
    model.dispose();
    fresh.dispose();
  });

  it('tf.io.loadWeights (a page fetching over HTTP) reads the saved folder', async () => {
    const model = await trained();
    const dir = path.join(tmpDir(), 'model');
    await saveWeights(model, dir);
    const server = http.createServer((req, res) => {
      const file = path.join(dir, path.basename(req.url ?? ''));
      if (!fs.existsSync(file)) return void res.writeHead(404).end();
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const json = (await (await fetch(`${base}model.json`)).json()) as WeightsJSON;
      const map = await tf.io.loadWeights(json.weightsManifest, base);
      const fresh = mlp(12);
      loadWeightsInto(fresh, map);
      tf.dispose(Object.values(map));
      expect(predict(fresh)).toEqual(predict(model));
      fresh.dispose();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    model.dispose();
  });

  it('replaces saved weights atomically, and refuses a folder holding anything else', async () => {
    const root = tmpDir();
    const dir = path.join(root, 'model');
    const a = await trained(1);
    const b = await trained(2);
    await saveWeights(a, dir);
    await saveWeights(b, dir);
    expect(fs.readdirSync(root)).toEqual(['model']);
    const fresh = mlp(3);
    await loadWeights(fresh, dir);
    expect(values(fresh)).toEqual(values(b));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(saveWeights(a, dir)).rejects.toThrow(/a new or empty folder, or one holding only model.json and weights.bin \(it also holds notes.txt\)/);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    fs.writeFileSync(path.join(root, 'file'), '');
    await expect(saveWeights(a, path.join(root, 'file'))).rejects.toThrow(/a folder path \(it is a file\)/);
    a.dispose();
    b.dispose();
    fresh.dispose();
  });

  it('names a missing, truncated or mismatched file', async () => {
    const model = await trained();
    const dir = path.join(tmpDir(), 'model');
    await expect(loadWeights(model, dir)).rejects.toThrow(`cannot read the weights manifest ${path.join(dir, 'model.json')}: no such file`);
    await saveWeights(model, dir);
    const bin = path.join(dir, 'weights.bin');
    const size = fs.statSync(bin).size;
    fs.truncateSync(bin, size - 8);
    await expect(readWeights(dir)).rejects.toThrow(`the weights files of ${dir} have ${size - 8} bytes; its manifest's weights take ${size} (truncated?)`);
    await expect(loadWeights(model, dir)).rejects.toThrow(`${path.join(dir, 'model.json')}: the weights data has ${size - 8} bytes`);
    fs.rmSync(bin);
    await expect(loadWeights(model, dir)).rejects.toThrow(`cannot read the weights file ${bin}: no such file`);
    await saveWeights(model, dir);
    const other = mlp(1, [4]);
    await expect(loadWeights(other, dir)).rejects.toThrow(WeightsError);
    await expect(loadWeights(other, dir)).rejects.toThrow(`${path.join(dir, 'model.json')}: the saved weights do not fit the model: weight "W1" has shape [4, 8]; the model expects [4, 4]`);
    fs.writeFileSync(path.join(dir, 'model.json'), '{');
    await expect(loadWeights(model, dir)).rejects.toThrow(/model\.json is not valid JSON/);
    model.dispose();
    other.dispose();
  });
});

describe('train with modelDir', () => {
  const trainSet = blobs(40, 1);
  const devSet = blobs(20, 2);

  it('writes the best-dev weights to modelDir at the end; they load into a fresh model', async () => {
    const root = tmpDir();
    const modelDir = path.join(root, 'model');
    const model = mlp(1);
    const result = await train({
      model, train: trainSet, dev: devSet, method: mixup(), amp: {}, steps: 12, batchSize: 10, evalEvery: 3,
      learningRate: 0.05, seed: 2, progress: 'none', logFile: path.join(root, 'log.jsonl'), modelDir, config: { mine: 1 },
    });
    expect(result.savedModel).toEqual({ path: modelDir, weights: 'best-dev', step: result.bestDev!.step });
    const fresh = mlp(8);
    const json = await loadWeights(fresh, modelDir);
    // the model holds the best-dev weights when train returns: the saved ones
    expect(predict(fresh)).toEqual(predict(model));
    expect(json.userDefinedMetadata).toMatchObject({ weights: 'best-dev', step: result.bestDev!.step, steps: 12, bestDev: result.bestDev, run: { seed: 2, extra: { mine: 1 } } });
    const log = jsonl(path.join(root, 'log.jsonl'));
    const at = log.findIndex((r) => r.type === 'model');
    expect(log[at]).toEqual({ type: 'model', path: modelDir, weights: 'best-dev', step: result.bestDev!.step });
    expect(log[at + 1]).toMatchObject({ type: 'result', savedModel: result.savedModel });
    model.dispose();
    fresh.dispose();
  });

  it('without dev, saves the last weights', async () => {
    const modelDir = path.join(tmpDir(), 'm');
    const model = mlp(1);
    const result = await train({ model, train: trainSet, steps: 5, batchSize: 10, learningRate: 0.05, progress: 'none', modelDir });
    expect(result.savedModel).toEqual({ path: modelDir, weights: 'last', step: 5 });
    const fresh = mlp(2);
    await loadWeights(fresh, modelDir);
    expect(values(fresh)).toEqual(values(model));
    model.dispose();
    fresh.dispose();
  });

  it('a fresh run refuses a modelDir holding saved weights before training; a resumed run replaces them', async () => {
    const root = tmpDir();
    const options = (steps: number, resume: boolean, model: MixableModel<tf.Tensor>) => ({
      model, train: trainSet, dev: devSet, steps, batchSize: 10, evalEvery: 2, learningRate: 0.05, seed: 4, progress: 'none' as const,
      checkpointDir: path.join(root, 'checkpoint'), modelDir: path.join(root, 'model'), resume,
    });
    const first = mlp(1);
    await train(options(4, false, first));
    let steps = 0;
    const again = mlp(1);
    await expect(train({ ...options(4, false, again), checkpointDir: path.join(root, 'other'), callbacks: { onBatchEnd: () => void (steps += 1) } }))
      .rejects.toThrow(/modelDir.*a new or empty folder \(it holds the saved weights of another run\): pass resume: true/);
    expect(steps).toBe(0);
    const resumed = mlp(1);
    const r = await train(options(8, true, resumed));
    expect(r.steps).toBe(8);
    const fresh = mlp(3);
    await loadWeights(fresh, path.join(root, 'model'));
    expect(values(fresh)).toEqual(values(resumed));
    fs.writeFileSync(path.join(root, 'model', 'x'), '');
    const last = mlp(1);
    await expect(train(options(8, true, last))).rejects.toThrow(/modelDir.*a new or empty folder \(it holds x\)/);
    for (const m of [first, again, resumed, fresh, last]) m.dispose();
  });

  it('is refused by the browser-safe train and by a RunIO without saveModel', async () => {
    const model = mlp();
    await expect(trainInMemory({ model, train: trainSet, modelDir: 'x', progress: 'none' })).rejects.toThrow(/modelDir.*unset here: files are written by `train` from "@ampmix\/trainer\/node"/);
    const { saveModel: _, ...noModel } = fileRunIO;
    await expect(trainWith({ model, train: trainSet, modelDir: 'x', progress: 'none' }, noModel)).rejects.toThrow(/modelDir.*unset here: this RunIO saves no model/);
    model.dispose();
  });
});
