import type { Rng } from './rng.js';
import { integerAtLeast, positiveNumber } from './validate.js';

/**
 * Gamma(shape, 1) draw: Marsaglia & Tsang (2000) squeeze method for shape ≥ 1; for shape < 1 the
 * boost Gamma(a) = Gamma(a + 1)·U^(1/a) (done in log space so tiny shapes do not underflow to 0).
 * Returns log of the draw when `log` is true.
 */
export function sampleGamma(rng: Rng, shape: number, log = false): number {
  positiveNumber('shape', shape);
  if (shape < 1) {
    const logG = sampleGamma(rng, shape + 1, true) + Math.log(rng.nextOpen()) / shape;
    return log ? logG : Math.exp(logG);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextOpen();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return log ? Math.log(d * v) : d * v;
    }
  }
}

/** Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), computed in log space (stable for small a, b). */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  positiveNumber('alpha', a);
  positiveNumber('beta', b);
  const lx = sampleGamma(rng, a, true);
  const ly = sampleGamma(rng, b, true);
  const m = Math.max(lx, ly);
  const ex = Math.exp(lx - m);
  return ex / (ex + Math.exp(ly - m));
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(rng: Rng, n: number): Int32Array {
  integerAtLeast('n', n, 0);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
