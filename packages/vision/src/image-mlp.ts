import * as tf from '@tensorflow/tfjs';
import { glorotUniform, integerAtLeast, makeVariable, maybeDropout, mixAt, noUnknownKeys, numberInRange, OptionError, Rng, uniqueScope } from '@ampmix/core';
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
 * A linear mix at `input` (`ForwardOptions.linear`, Input Mixup's) is applied to x·W1 before the bias: the
 * same values, a shorter AMP λ-gradient pass, and x·W1 computed once for AMP's two extra passes.
 */
export function createImageMlp(options: ImageMlpOptions): MixableModel<tf.Tensor4D> {
  noUnknownKeys('createImageMlp', options, ['inputShape', 'hiddenSizes', 'numClasses', 'dropout', 'seed']);
  const shape = resolveImageShape('inputShape', options.inputShape ?? [28, 28, 1]);
  const hidden = options.hiddenSizes ?? [256, 128];
  if (!Array.isArray(hidden)) throw new OptionError('hiddenSizes', hidden, 'an array of integers ≥ 1');
  hidden.forEach((h, i) => integerAtLeast(`hiddenSizes[${i}]`, h, 1));
  const numClasses = integerAtLeast('numClasses', options.numClasses, 1);
  const dropout = numberInRange('dropout', options.dropout ?? 0, 0, 0.99);
  const rng = new Rng(options.seed ?? 0);
  const scope = uniqueScope('image_mlp');
  const sizes = [shape[0] * shape[1] * shape[2], ...hidden, numClasses];
  const weights: Record<string, tf.Variable> = {};
  for (let l = 1; l < sizes.length; l++) {
    weights[`W${l}`] = makeVariable(scope, `W${l}`, glorotUniform(rng, sizes[l - 1], sizes[l]), [sizes[l - 1], sizes[l]]);
    weights[`b${l}`] = makeVariable(scope, `b${l}`, new Float32Array(sizes[l]), [sizes[l]]);
  }
  const sites = ['input', ...hidden.map((_, i) => `hidden${i + 1}`)];

  return {
    sites,
    numClasses,
    weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor4D, opts?: ForwardOptions): tf.Tensor2D {
      assertImageBatch(x, shape, 'image MLP');
      return tf.tidy(() => {
        // a linear mix at `input` commutes with x·W1: mix the projections (computed once per AMP step), then add b1
        const inputMix = opts?.site === 'input' && opts.linear === true ? opts.mix : undefined;
        const flat = () => tf.reshape(x, [x.shape[0], sizes[0]]) as tf.Tensor2D;
        const project = () => tf.matMul(flat(), weights.W1 as tf.Tensor2D);
        let h: tf.Tensor = inputMix ? x : tf.reshape(mixAt('input', x, opts), [x.shape[0], sizes[0]]);
        for (let l = 1; l < sizes.length; l++) {
          if (l === 1 && inputMix) h = tf.add(inputMix(opts?.stepCache ? opts.stepCache.memo(`${scope}/xW1`, project) : project()), weights.b1);
          else h = tf.add(tf.matMul(h as tf.Tensor2D, weights[`W${l}`] as tf.Tensor2D), weights[`b${l}`]);
          if (l < sizes.length - 1) {
            h = mixAt(`hidden${l}`, tf.relu(h), opts);
            h = maybeDropout(h, dropout, opts?.training, opts?.seed === undefined ? undefined : opts.seed + l);
          }
        }
        return h as tf.Tensor2D;
      });
    },
    dispose() {
      for (const v of Object.values(weights)) v.dispose();
    },
  };
}
