import * as tf from '@tensorflow/tfjs';
import { glorotUniform, integerAtLeast, makeVariable, maybeDropout, mixAt, mixAtMemo, noUnknownKeys, numberInRange, OptionError, Rng, uniqueScope } from '@ampmix/core';
import type { ForwardOptions, MixableModel } from '@ampmix/core';
import { conv2dSame, sharedConv2dSame } from './conv.js';
import { assertImageBatch, resolveImageShape } from './image-shape.js';

/** Options of {@link createSmallCnn}. */
export interface SmallCnnOptions {
  /** Number of classes (logit width), e.g. 10. */
  numClasses: number;
  /** Output channels of the two conv blocks. Default [16, 32]. */
  channels?: [number, number];
  /** Dropout rate before the dense layer while training. Default 0. Range [0, 0.99]. */
  dropout?: number;
  /** Seed of the weight initialisation. Default 0. */
  seed?: number;
  /** Shape of one image, [height, width, channels], height and width ≥ 4. Default [28, 28, 1]. */
  inputShape?: [number, number, number];
}

/**
 * A small CNN on images [B, H, W, C] implementing `MixableModel`: two blocks of 3×3 conv ('same') + ReLU
 * + 2×2 max-pool, then one dense layer. Sites `input` (the image), `block1` and `block2` (after each
 * pool). The convolutions use forward-only gradients ({@link conv2dSame}), so the model trains on wasm. A
 * linear mix at `input` (Input Mixup's) is applied to the first convolution's outputs before the bias: the
 * same values, no pixel gradient in AMP's λ-gradient pass, and that convolution computed once for all three of
 * AMP's passes (`stepCache`, {@link sharedConv2dSame}; at the block sites too).
 * Weights `conv1_W`, `conv1_b`, `conv2_W`, `conv2_b`, `dense_W`, `dense_b`, Glorot-uniform.
 */
export function createSmallCnn(options: SmallCnnOptions): MixableModel<tf.Tensor4D> {
  noUnknownKeys('createSmallCnn', options, ['numClasses', 'channels', 'dropout', 'seed', 'inputShape']);
  const numClasses = integerAtLeast('numClasses', options.numClasses, 1);
  const channels = options.channels ?? [16, 32];
  if (!Array.isArray(channels) || channels.length !== 2) throw new OptionError('channels', channels, 'two integers ≥ 1, e.g. [16, 32]');
  channels.forEach((c, i) => integerAtLeast(`channels[${i}]`, c, 1));
  const dropout = numberInRange('dropout', options.dropout ?? 0, 0, 0.99);
  const shape = resolveImageShape('inputShape', options.inputShape ?? [28, 28, 1], [4, 4, 1]);
  const rng = new Rng(options.seed ?? 0);
  const scope = uniqueScope('small_cnn');
  const [c1, c2] = channels;
  const flat = Math.floor(Math.floor(shape[0] / 2) / 2) * Math.floor(Math.floor(shape[1] / 2) / 2) * c2;
  const weights: Record<string, tf.Variable> = {
    conv1_W: makeVariable(scope, 'conv1_W', glorotUniform(rng, 9 * shape[2], 9 * c1, [3, 3, shape[2], c1]), [3, 3, shape[2], c1]),
    conv1_b: makeVariable(scope, 'conv1_b', new Float32Array(c1), [c1]),
    conv2_W: makeVariable(scope, 'conv2_W', glorotUniform(rng, 9 * c1, 9 * c2, [3, 3, c1, c2]), [3, 3, c1, c2]),
    conv2_b: makeVariable(scope, 'conv2_b', new Float32Array(c2), [c2]),
    dense_W: makeVariable(scope, 'dense_W', glorotUniform(rng, flat, numClasses), [flat, numClasses]),
    dense_b: makeVariable(scope, 'dense_b', new Float32Array(numClasses), [numClasses]),
  };
  // conv (without bias) → + bias → ReLU → 2×2 max-pool
  const pool = (conv: tf.Tensor, b: tf.Variable) => tf.maxPool(tf.relu(tf.add(conv, b)) as tf.Tensor4D, 2, 2, 'valid');
  const block = (x: tf.Tensor4D, W: tf.Variable, b: tf.Variable, inputGradient = true) => pool(conv2dSame(x, W as tf.Tensor4D, { inputGradient }), b);

  return {
    sites: ['input', 'block1', 'block2'],
    numClasses,
    weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor4D, opts?: ForwardOptions): tf.Tensor2D {
      assertImageBatch(x, shape, 'small CNN');
      return tf.tidy(() => {
        // a linear mix at `input` commutes with the first convolution (zero padding, no bias): mix its outputs
        // (computed once per AMP step, without a pixel gradient), then add the bias
        const inputMix = opts?.site === 'input' && opts.linear === true ? opts.mix : undefined;
        const block1 = (): tf.Tensor4D => {
          // raw pixels need a gradient only when they are mixed (AMP's λ-gradient at the input site)
          const pixelsMixed = Boolean(opts?.mix) && opts?.site === 'input';
          if (inputMix || !pixelsMixed) {
            // the first convolution of the unmixed pixels: computed once for all of AMP's passes (with its filter
            // gradient in the training pass)
            const conv = sharedConv2dSame(opts?.stepCache, `${scope}/conv1`, x, weights.conv1_W as tf.Tensor as tf.Tensor4D);
            return pool(inputMix ? inputMix(conv) : conv, weights.conv1_b);
          }
          return block(mixAt('input', x, opts) as tf.Tensor4D, weights.conv1_W, weights.conv1_b, pixelsMixed);
        };
        // what precedes a block site does not depend on the mix: computed once for AMP's λ-gradient and Min passes
        const block2 = () => block(mixAtMemo('block1', `${scope}/block1`, block1, opts) as tf.Tensor4D, weights.conv2_W, weights.conv2_b);
        const h = mixAtMemo('block2', `${scope}/block2`, block2, opts);
        const f = maybeDropout(tf.reshape(h, [h.shape[0], flat]), dropout, opts?.training, opts?.seed);
        return tf.add(tf.matMul(f as tf.Tensor2D, weights.dense_W as tf.Tensor2D), weights.dense_b) as tf.Tensor2D;
      });
    },
    dispose() {
      for (const v of Object.values(weights)) v.dispose();
    },
  };
}
