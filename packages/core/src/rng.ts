import { integerAtLeast } from './validate.js';

/** Serializable state of an {@link Rng}: four 32-bit words. */
export type RngState = readonly [number, number, number, number];

/**
 * Seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), 128-bit state, period 2^128 − 1,
 * seeded through SplitMix32 so that nearby seeds give unrelated streams. Library code never uses the
 * global, unseeded JS generator: every random choice draws from an `Rng` handed in by the caller.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed any integer in [0, 2^32); the same seed gives the same stream. */
  constructor(seed: number) {
    integerAtLeast('seed', seed, 0, 0xffffffff);
    let x = seed >>> 0;
    const next = (): number => {
      // SplitMix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Restores a generator from {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in the open interval (0, 1): safe for logarithms. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    integerAtLeast('n', n, 1, 0x100000000);
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal draw (Marsaglia polar method; the spare value is discarded so state stays 4 words). */
  normal(): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** A 32-bit seed drawn from this stream, for seeding a child generator or a tfjs op. */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** An independent child generator (seeded from this stream). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Current state, for checkpoints. */
  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restores a state from {@link Rng.getState}. */
  setState(state: RngState): void {
    const words = state as readonly number[];
    if (!Array.isArray(words) || words.length !== 4 || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new TypeError(`Invalid RNG state: expected four 32-bit unsigned integers, got ${JSON.stringify(state)}`);
    }
    if (words.every((w) => w === 0)) throw new TypeError('Invalid RNG state: all-zero state');
    [this.s0, this.s1, this.s2, this.s3] = words;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
