import * as tf from '@tensorflow/tfjs';

/** Seeded Glorot-uniform initialiser (the same seed, the same initial model). */
const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * A plain `tf.sequential` conv net for 28×28×1 digits, as a tfjs user writes it: conv(8) → pool → conv(16) → pool →
 * flatten → dropout → dense(10, softmax). Compiled with Adam and `categoricalCrossentropy`.
 */
export function sequentialCnn(seed: number, learningRate: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', padding: 'same', kernelInitializer: init(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', kernelInitializer: init(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed + 2) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * A functional conv net with named layers, a branch and a merge: conv "conv1" → pool "pool1", then conv "conv2" →
 * pool "pool2" → flatten, concatenated ("merge") with a global-average-pooled branch of "pool1", → dense "hidden"
 * (64, relu) → dropout → dense "probs" (10, softmax). Manifold Mixup mixes at "hidden" (every path passes it).
 */
export function functionalCnn(seed: number, learningRate: number): tf.LayersModel {
  const x = tf.input({ shape: [28, 28, 1], name: 'image' });
  const c1 = tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', padding: 'same', name: 'conv1', kernelInitializer: init(seed) }).apply(x) as tf.SymbolicTensor;
  const p1 = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(c1) as tf.SymbolicTensor;
  const c2 = tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', name: 'conv2', kernelInitializer: init(seed + 1) }).apply(p1) as tf.SymbolicTensor;
  const p2 = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }).apply(c2) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(p2) as tf.SymbolicTensor;
  const skip = tf.layers.globalAveragePooling2d({ name: 'skip' }).apply(p1) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate({ name: 'merge' }).apply([flat, skip]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 64, activation: 'relu', name: 'hidden', kernelInitializer: init(seed + 2) }).apply(merged) as tf.SymbolicTensor;
  const drop = tf.layers.dropout({ rate: 0.25, name: 'drop' }).apply(hidden) as tf.SymbolicTensor;
  const probs = tf.layers.dense({ units: 10, activation: 'softmax', name: 'probs', kernelInitializer: init(seed + 3) }).apply(drop) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: probs, name: 'functional_cnn' });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
  return model;
}
