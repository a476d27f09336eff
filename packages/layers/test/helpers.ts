import * as tf from '@tensorflow/tfjs';
import { Rng } from '@ampmix/core';

/** A [n, ...shape] tensor of standard normal values drawn from `seed`. */
export function randomTensor(seed: number, shape: number[]): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

/** A tanh MLP: dense "hidden" → dropout (optional) → dense "out" (softmax or linear), seeded initialisers. */
export function sequentialMlp(opts: { inputs?: number; hidden?: number; classes?: number; dropout?: number; softmax?: boolean; seed?: number } = {}): tf.Sequential {
  const { inputs = 5, hidden = 6, classes = 3, dropout = 0, softmax = true, seed = 1 } = opts;
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: hidden, inputShape: [inputs], activation: 'tanh', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: tf.initializers.randomNormal({ seed: seed + 1, stddev: 0.1 }) }));
  if (dropout > 0) m.add(tf.layers.dropout({ rate: dropout, name: 'drop' }));
  m.add(tf.layers.dense({ units: classes, activation: softmax ? 'softmax' : 'linear', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return m;
}

/** A functional model with a branch and a merge: x → a (tanh), x → b (relu) → concat → dense "mid" → softmax layer. */
export function branchedModel(seed = 3): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const x = tf.input({ shape: [4], name: 'x' });
  const a = tf.layers.dense({ units: 5, activation: 'tanh', name: 'a', kernelInitializer: init(0) }).apply(x) as tf.SymbolicTensor;
  const b = tf.layers.dense({ units: 3, activation: 'tanh', name: 'b', kernelInitializer: init(1) }).apply(x) as tf.SymbolicTensor;
  const b2 = tf.layers.dense({ units: 5, activation: 'tanh', name: 'b2', kernelInitializer: init(2) }).apply(b) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([a, b2]) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([sum, b]) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 3, name: 'logits', kernelInitializer: init(3) }).apply(cat) as tf.SymbolicTensor;
  const probs = tf.layers.softmax({ name: 'probs' }).apply(logits) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: probs });
}
