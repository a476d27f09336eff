import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wrapLayersModel } from '../src/index.js';
import { branchedModel, randomTensor, sequentialMlp } from './helpers.js';

const same = (a: tf.Tensor, b: tf.Tensor) => expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));

describe('wrapLayersModel: the no-mix forward pass is model.predict', () => {
  it('Sequential with a softmax output: predict equals model.predict exactly and forward is the logits before the softmax', () => {
    const model = sequentialMlp({ dropout: 0.3 });
    const x = randomTensor(1, [7, 5]);
    const before = tf.memory().numTensors;
    const w = wrapLayersModel(model);
    expect(w.sites).toEqual(['input', 'hidden', 'drop']);
    expect(w.outputActivation).toBe('softmax');
    expect(w.numClasses).toBe(3);
    const [p, ref, z] = [w.predict(x), model.predict(x) as tf.Tensor, w.forward(x)];
    same(p, ref);
    const sm = tf.softmax(z);
    same(sm, ref);
    // independent check of the logits: tanh(x W1 + b1) W2 + b2 from the weights
    const [W1, b1, W2, b2] = model.getWeights();
    const manual = tf.tidy(() => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2));
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(manual, z))).dataSync()[0])).toBeLessThan(1e-6);
    tf.dispose([p, ref, z, sm, manual]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x]);
    model.dispose();
  });

  it('Sequential with linear outputs: forward equals model.predict exactly', () => {
    const model = sequentialMlp({ softmax: false });
    const x = randomTensor(2, [40, 5]);
    const w = wrapLayersModel(model);
    expect(w.outputActivation).toBe('none');
    const [z, ref] = [w.forward(x), model.predict(x) as tf.Tensor];
    same(z, ref);
    tf.dispose([z, ref, x]);
    model.dispose();
  });

  it('functional model with a branch and merges: predict equals model.predict exactly; sites in the layer order of the model', () => {
    const model = branchedModel();
    const x = randomTensor(3, [9, 4]);
    const w = wrapLayersModel(model);
    // 'all' offers the layers every path passes through; a branch's layers may be asked for by name
    expect(w.sites).toEqual(['input', 'cat', 'logits']);
    expect(wrapLayersModel(model, { sites: ['sum', 'a', 'input'] }).sites).toEqual(['input', 'a', 'sum']);
    const [p, ref] = [w.predict(x), model.predict(x) as tf.Tensor];
    same(p, ref);
    tf.dispose([p, ref, x]);
    model.dispose();
  });
});
