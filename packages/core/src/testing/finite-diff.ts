/**
 * Central finite differences of a scalar function: ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h.
 * Evaluate `f` in float64 where you can; with float32 models use h ≈ 1e-2 and a loose tolerance.
 */
export function centralDifferences(f: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-3): Float64Array {
  const base = Float64Array.from(x);
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = Float64Array.from(base);
    const minus = Float64Array.from(base);
    plus[i] += h;
    minus[i] -= h;
    out[i] = (f(plus) - f(minus)) / (2 * h);
  }
  return out;
}

/** Largest |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === 0 ? 0 : m;
}
