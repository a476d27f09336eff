import * as tf from '@tensorflow/tfjs';
import type { LayerLike } from './graph.js';
import { UnsupportedModelError } from './errors.js';

/** Layer classes whose training-mode randomness the adapter replaces by a seeded draw. */
export const SEEDED_LAYER_CLASSES = ['Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout'] as const;

interface NoiseLayer extends LayerLike {
  seed?: number;
  rate?: number;
  stddev?: number;
  noiseShape?: number[];
}

/** The seed of layer `index` in a pass with step seed `seed` (distinct per layer, a pure function of both). */
export function layerSeed(seed: number, index: number): number {
  let z = (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** True when `layer` is one of {@link SEEDED_LAYER_CLASSES}. */
export function isSeededClass(layer: LayerLike): boolean {
  return (SEEDED_LAYER_CLASSES as readonly string[]).includes(layer.getClassName());
}

/**
 * The training-mode output of a known stochastic layer with its noise drawn from `seed`:
 * - `Dropout`, `SpatialDropout1D`: the layer's own `call`, with its `seed` set to `seed` for this call;
 * - `GaussianNoise`: x + N(0, stddev²); `GaussianDropout`: x · N(1, rate/(1 − rate)) (for 0 < rate < 1);
 * - `AlphaDropout` (0 < rate < 1): keep mask k ~ [U(0,1) ≥ rate] of `noiseShape`,
 *   a·(x·k + α'(k − 1)) + b with α' = −1.6733·1.0507, a = ((1 − rate)(1 + rate·α'²))^−½, b = −a·α'·rate
 * — the formulas of tfjs-layers 4.22 (`layers/noise.ts`), with a seeded random source.
 */
export function applySeeded(layer: LayerLike, inputs: tf.Tensor[], kwargs: Record<string, unknown>, seed: number): tf.Tensor {
  const l = layer as NoiseLayer;
  const x = inputs[0];
  switch (layer.getClassName()) {
    case 'Dropout':
    case 'SpatialDropout1D': {
      const saved = l.seed;
      l.seed = seed;
      try {
        return layer.apply(inputs, kwargs) as tf.Tensor;
      } finally {
        l.seed = saved;
      }
    }
    case 'GaussianNoise':
      return tf.tidy(() => tf.add(tf.randomNormal(x.shape, 0, l.stddev!, 'float32', seed), x));
    case 'GaussianDropout': {
      const rate = l.rate!;
      if (!(rate > 0 && rate < 1)) return x;
      return tf.tidy(() => tf.mul(x, tf.randomNormal(x.shape, 1, Math.sqrt(rate / (1 - rate)), 'float32', seed)));
    }
    case 'AlphaDropout': {
      const rate = l.rate!;
      if (!(rate > 0 && rate < 1)) return x;
      return tf.tidy(() => {
        const alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
        const kept = tf.cast(tf.greaterEqual(tf.randomUniform(l.noiseShape ?? x.shape, 0, 1, 'float32', seed), rate), 'float32');
        const a = ((1 - rate) * (1 + rate * alphaP ** 2)) ** -0.5;
        const b = -a * alphaP * rate;
        const dropped = tf.add(tf.mul(x, kept), tf.mul(tf.add(kept, -1), alphaP));
        return tf.add(tf.mul(dropped, a), b);
      });
    }
    default:
      throw new UnsupportedModelError(`layer "${layer.name}" (${layer.getClassName()}) has no seeded implementation`);
  }
}

/**
 * Runs `f` (one layer's training-mode call) and throws an {@link UnsupportedModelError} naming the layer when it drew
 * from the unseeded global generator (tfjs's random ops without a seed do): its noise would differ between AMP's
 * passes of one step, so ℓ and ℓ' would not differ by λ alone.
 */
export function refuseUnseededRandomness<T>(layer: LayerLike, f: () => T): T {
  const original = Math.random;
  let drew = false;
  Math.random = () => {
    drew = true;
    return original();
  };
  let out: T;
  try {
    out = f();
  } finally {
    Math.random = original;
  }
  if (drew) {
    tf.dispose(out as unknown as tf.Tensor);
    throw new UnsupportedModelError(
      `layer "${layer.name}" (${layer.getClassName()}) draws random numbers in training mode from an unseeded source, so AMP's passes of one step would see different noise; ` +
        `ampmix seeds only ${SEEDED_LAYER_CLASSES.join(', ')}. Remove the layer, or call fitMixup/mixStep with training: false`,
    );
  }
  return out;
}
