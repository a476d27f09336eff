import type { Rng } from '@ampmix/core';

/** Plain-JS references the tests compare tensors against (no tfjs). */

/** Pastes box_i of image π(i) into image i; images are NHWC, row-major. */
export function pasteBoxes(
  images: Float32Array,
  [b, h, w, c]: readonly number[],
  partners: ArrayLike<number>,
  boxes: readonly (readonly number[])[],
): Float64Array {
  const out = Float64Array.from(images);
  const at = (i: number, y: number, x: number, ch: number) => ((i * h + y) * w + x) * c + ch;
  for (let i = 0; i < b; i++) {
    const [y1, x1, y2, x2] = boxes[i];
    for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) for (let ch = 0; ch < c; ch++) out[at(i, y, x, ch)] = images[at(partners[i], y, x, ch)];
  }
  return out;
}

/** Per-example softmax probabilities, mixed targets and soft-target cross-entropy of a dense layer on flattened images. */
export interface DenseReference {
  loss: Float64Array;
  probs: Float64Array[];
  targets: Float64Array[];
}

/** Dense layer on flattened images, targets mixed with λ: the per-example loss and what its gradient needs (float64). */
export function denseMixedCrossEntropy(
  images: ArrayLike<number>,
  batch: number,
  wMat: Float32Array,
  bias: Float32Array,
  labels: ArrayLike<number>,
  partners: ArrayLike<number>,
  lambda: ArrayLike<number>,
): DenseReference {
  const k = bias.length;
  const features = wMat.length / k;
  const out: DenseReference = { loss: new Float64Array(batch), probs: [], targets: [] };
  for (let i = 0; i < batch; i++) {
    const z = Array.from(bias, Number);
    for (let f = 0; f < features; f++) for (let j = 0; j < k; j++) z[j] += images[i * features + f] * wMat[f * k + j];
    const m = Math.max(...z);
    const logSum = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    const target = new Float64Array(k);
    target[labels[i]] += lambda[i];
    target[labels[partners[i]]] += 1 - lambda[i];
    out.loss[i] = -target.reduce((s, t, j) => s + t * (z[j] - logSum), 0);
    out.probs.push(Float64Array.from(z, (v) => Math.exp(v - logSum)));
    out.targets.push(target);
  }
  return out;
}

/** Random values from `rng`, for test images. */
export function randomValues(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** σ(v) in float64. */
export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
