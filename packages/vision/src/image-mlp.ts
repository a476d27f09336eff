import * as tf from '@tensorflow/tfjs';
import { createMlp, noUnknownKeys } from '@ampmix/core';
import type { ForwardOptions, MixableModel } from '@ampmix/core';
import { assertImageBatch, resolveImageShape } from './image-shape.js';

/** Options of {@link createImageMlp}. */
export interface ImageMlpOptions {
  /** Shape of one image, [height, width, channels]. Default [28, 28, 1] (MNIST). */
  inputShape?: [number, number, number];
  /** Width of each hidden layer. Default [256, 128]. */
  hiddenSizes?: number[];
  /** Number of classes (logit width), e.g. 10. */
  numClasses: number;
  /** Dropout rate after each hidden layer while training. Default 0. Range [0, 0.99]. */
  dropout?: number;
  /** Seed of the weight initialisation. Default 0. */
  seed?: number;
}

/**
 * A ReLU multilayer perceptron on images [B, H, W, C] (flattened after the input site), implementing
 * `MixableModel` with sites `input` (the image itself, so CutMix can cut boxes) and `hidden1` …
 * `hiddenN` (after each hidden activation, before dropout). Weights `W1`, `b1`, …, Glorot-uniform.
 * It is core's `createMlp` on the flattened image: a linear input mix (Input Mixup's) commutes with the
 * flattening and goes to the MLP (which applies it to x·W1); any other input mix (CutMix's boxes) is applied
 * to the image here.
 */
export function createImageMlp(options: ImageMlpOptions): MixableModel<tf.Tensor4D> {
  noUnknownKeys('createImageMlp', options, ['inputShape', 'hiddenSizes', 'numClasses', 'dropout', 'seed']);
  const shape = resolveImageShape('inputShape', options.inputShape ?? [28, 28, 1]);
  const inputSize = shape[0] * shape[1] * shape[2];
  const mlp = createMlp({ inputSize, hiddenSizes: options.hiddenSizes ?? [256, 128], numClasses: options.numClasses, dropout: options.dropout ?? 0, seed: options.seed ?? 0 });
  return {
    sites: mlp.sites,
    numClasses: mlp.numClasses,
    weights: mlp.weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor4D, opts?: ForwardOptions): tf.Tensor2D {
      assertImageBatch(x, shape, 'image MLP');
      return tf.tidy(() => {
        const flat = (t: tf.Tensor) => tf.reshape(t, [t.shape[0], inputSize]);
        // the mixed image differs between AMP's passes: the MLP must not take x·W1 from the step cache
        if (opts?.site === 'input' && opts.mix && !opts.linear) return mlp.forward(flat(opts.mix(x)), { ...opts, site: undefined, mix: undefined, stepCache: undefined });
        return mlp.forward(flat(x), opts);
      });
    },
    dispose: () => mlp.dispose(),
  };
}
