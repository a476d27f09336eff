import { describe, expect, it } from 'vitest';
import { OptionError, Rng } from '../src/index.js';

describe('Rng (xoshiro128**)', () => {
  it('matches the reference xoshiro128** outputs for state [1, 2, 3, 4]', () => {
    const r = Rng.fromState([1, 2, 3, 4]);
    // reference: Blackman & Vigna's xoshiro128starstar.c, computed independently
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('same seed, same stream; different seeds, different streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xa);
  });

  it('state round-trips exactly (checkpoints)', () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.next();
    const b = Rng.fromState(a.getState());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(Array.from({ length: 10 }, () => a.nextUint32()));
  });

  it('next() is uniform on [0, 1): chi-square over 20 bins', () => {
    const r = new Rng(1);
    const bins = new Array(20).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 20)]++;
    }
    const e = n / 20;
    const chi2 = bins.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8); // χ²(19) 99.9% quantile
  });

  it('int(n) covers [0, n) without bias', () => {
    const r = new Rng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 12000; i++) counts[r.int(6)]++;
    const chi2 = counts.reduce((s, o) => s + (o - 2000) ** 2 / 2000, 0);
    expect(chi2).toBeLessThan(20.5); // χ²(5) 99.9%
  });

  it('normal() has mean 0 and variance 1', () => {
    const r = new Rng(5);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it('rejects bad seeds and states with clear messages', () => {
    expect(() => new Rng(-1)).toThrow(OptionError);
    expect(() => new Rng(1.5)).toThrow(/seed: got 1.5; expected an integer in \[0, 4294967295\]/);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow(/all-zero/);
    expect(() => Rng.fromState([1, 2, 3] as unknown as [number, number, number, number])).toThrow(/four 32-bit/);
  });
});
