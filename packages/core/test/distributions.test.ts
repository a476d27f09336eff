import { describe, expect, it } from 'vitest';
import { permutation, Rng, sampleBeta, sampleGamma } from '../src/index.js';
import { betaCdf, ksTest } from '../src/testing/index.js';

describe('Beta(α, α) sampler', () => {
  it.each([0.2, 0.4, 1, 2])('passes a Kolmogorov–Smirnov test at p > 0.01 for α = %s (10,000 draws)', (alpha) => {
    const rng = new Rng(2021);
    const draws = Array.from({ length: 10000 }, () => sampleBeta(rng, alpha, alpha));
    expect(draws.every((x) => x >= 0 && x <= 1)).toBe(true);
    const { pValue } = ksTest(draws, (x) => betaCdf(x, alpha, alpha));
    expect(pValue).toBeGreaterThan(0.01);
  });

  it('fails the same KS test against the wrong distribution (the test can fail)', () => {
    const rng = new Rng(2021);
    const draws = Array.from({ length: 10000 }, () => sampleBeta(rng, 0.4, 0.4));
    expect(ksTest(draws, (x) => betaCdf(x, 2, 2)).pValue).toBeLessThan(1e-6);
  });

  it('same seed, same draws', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    expect(Array.from({ length: 50 }, () => sampleBeta(a, 0.2, 0.2))).toEqual(Array.from({ length: 50 }, () => sampleBeta(b, 0.2, 0.2)));
  });

  it('asymmetric Beta(2, 5) has mean 2/7 and variance 10/392', () => {
    const rng = new Rng(4);
    const n = 20000;
    const xs = Array.from({ length: n }, () => sampleBeta(rng, 2, 5));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean - 2 / 7)).toBeLessThan(0.005);
    expect(Math.abs(v - 10 / 392)).toBeLessThan(0.002);
  });
});

describe('Gamma sampler', () => {
  it.each([0.3, 1, 4.5])('Gamma(%s) has mean = variance = shape', (shape) => {
    const rng = new Rng(11);
    const n = 40000;
    const xs = Array.from({ length: n }, () => sampleGamma(rng, shape));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean - shape) / shape).toBeLessThan(0.03);
    expect(Math.abs(v - shape) / shape).toBeLessThan(0.06);
  });

  it('rejects shape ≤ 0', () => {
    expect(() => sampleGamma(new Rng(1), 0)).toThrow(/shape: got 0; expected a finite number > 0/);
  });
});

describe('permutation', () => {
  it('is a permutation, seeded, and uniform over first positions', () => {
    const rng = new Rng(8);
    const counts = new Array(5).fill(0);
    for (let t = 0; t < 10000; t++) {
      const p = permutation(rng, 5);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
      counts[p[0]]++;
    }
    const chi2 = counts.reduce((s, o) => s + (o - 2000) ** 2 / 2000, 0);
    expect(chi2).toBeLessThan(18.5); // χ²(4) 99.9%
    expect(permutation(new Rng(1), 10)).toEqual(permutation(new Rng(1), 10));
    expect(permutation(new Rng(1), 0)).toHaveLength(0);
  });
});
