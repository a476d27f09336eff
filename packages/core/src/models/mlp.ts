import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, MixableModel } from '../model.js';
import { mixAt, mixAtMemo } from '../model.js';
import { sharedMatMul } from '../step-cache.js';
import { Rng } from '../rng.js';
import { OptionError, ShapeError } from '../errors.js';
import { glorotUniform, makeVariable, maybeDropout, uniqueScope } from './variables.js';
import { integerAtLeast, noUnknownKeys, numberInRange, oneOf } from '../validate.js';

/** Options of {@link createMlp}. */
export interface MlpOptions {
  /** Features per example (input width). */
  inputSize: number;
  /** Width of each hidden layer; default [64]. */
  hiddenSizes?: number[];
  /** Number of classes. */
  numClasses: number;
  /** Hidden activation; default `relu`. */
  activation?: 'relu' | 'tanh';
  /** Dropout rate after each hidden layer while training; default 0. */
  dropout?: number;
  /** Seed of the weight initialisation; default 0. */
  seed?: number;
  /** Initial values by name (`W1`, `b1`, …, `W{n+1}`, `b{n+1}`), overriding the random init. */
  initialWeights?: Record<string, number[] | number[][]>;
}

/**
 * A multilayer perceptron that implements {@link MixableModel}, with sites `input` and
 * `hidden1` … `hiddenN` (after each hidden activation). Used by the tests, the golden check and the docs.
 * A linear mix at `input` (`ForwardOptions.linear`) is applied to x·W1 before the bias — the same values, a
 * shorter λ-gradient pass, and x·W1 computed once for all of AMP's passes (`stepCache`, core's `sharedMatMul`,
 * also at the hidden sites); at a hidden site the layers before it are computed once for the λ-gradient and Min
 * passes.
 */
export function createMlp(options: MlpOptions): MixableModel<tf.Tensor> {
  noUnknownKeys('mlp', options, ['inputSize', 'hiddenSizes', 'numClasses', 'activation', 'dropout', 'seed', 'initialWeights']);
  const inputSize = integerAtLeast('inputSize', options.inputSize, 1);
  const numClasses = integerAtLeast('numClasses', options.numClasses, 1);
  const hidden = options.hiddenSizes ?? [64];
  if (!Array.isArray(hidden)) throw new OptionError('hiddenSizes', hidden, 'an array of integers ≥ 1');
  hidden.forEach((h, i) => integerAtLeast(`hiddenSizes[${i}]`, h, 1));
  const activation = oneOf('activation', options.activation ?? 'relu', ['relu', 'tanh'] as const);
  const dropout = numberInRange('dropout', options.dropout ?? 0, 0, 0.99);
  const rng = new Rng(options.seed ?? 0);
  const scope = uniqueScope('mlp');
  const sizes = [inputSize, ...hidden, numClasses];
  const weights: Record<string, tf.Variable> = {};
  for (let l = 1; l < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l - 1], sizes[l]];
    const init = options.initialWeights;
    weights[`W${l}`] = makeVariable(scope, `W${l}`, (init?.[`W${l}`] as number[][] | undefined)?.flat() ?? glorotUniform(rng, fanIn, fanOut), [fanIn, fanOut]);
    weights[`b${l}`] = makeVariable(scope, `b${l}`, (init?.[`b${l}`] as number[] | undefined) ?? new Float32Array(fanOut), [fanOut]);
  }
  const sites = ['input', ...hidden.map((_, i) => `hidden${i + 1}`)];
  const act = activation === 'tanh' ? tf.tanh : tf.relu;

  return {
    sites,
    numClasses,
    weights,
    batchSize: (x) => x.shape[0],
    forward(x: tf.Tensor, opts?: ForwardOptions): tf.Tensor2D {
      return tf.tidy(() => {
        if (x.rank !== 2 || x.shape[1] !== inputSize) {
          throw new ShapeError(`mlp input must have shape [batch, ${inputSize}]; got [${x.shape.join(', ')}]`);
        }
        const dense = (l: number, h: tf.Tensor) => tf.add(tf.matMul(h, weights[`W${l}`]), weights[`b${l}`]);
        // layer 1's pre-activation; a linear mix at `input` commutes with x·W1: mix the projections (computed
        // once per AMP step), then add b1
        const inputMix = opts?.site === 'input' && opts.linear === true ? opts.mix : undefined;
        const inputMixed = opts?.mix !== undefined && opts.site === 'input';
        // x·W1 is the same in all of AMP's passes unless x itself is mixed: computed once per step, with W1's
        // gradient in the training pass (x needs none)
        const cache = inputMix || !inputMixed ? opts?.stepCache : undefined;
        const project = () => sharedMatMul(cache, `${scope}/xW1`, () => x as tf.Tensor2D, () => weights.W1 as tf.Tensor as tf.Tensor2D, { aGradient: false });
        const first = () => (inputMixed && !inputMix ? dense(1, mixAt('input', x, opts)) : tf.add(inputMix ? inputMix(project()) : project(), weights.b1));
        // hidden layer l's output: what precedes a hidden site does not depend on the mix (memoised there)
        const hidden = (l: number): tf.Tensor => {
          const pre = () => act(l === 1 ? first() : dense(l, hidden(l - 1)));
          const h = mixAtMemo(`hidden${l}`, `${scope}/hidden${l}`, pre, opts);
          return maybeDropout(h, dropout, opts?.training, opts?.seed === undefined ? undefined : opts.seed + l);
        };
        const L = sizes.length - 1;
        return (L === 1 ? first() : dense(L, hidden(L - 1))) as tf.Tensor2D;
      });
    },
    dispose() {
      for (const v of Object.values(weights)) v.dispose();
    },
  };
}
