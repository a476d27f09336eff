import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closest, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  it('matches known distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('modle', 'model')).toBe(2);
  });
  it('is symmetric and bounded by the longer length (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('closest', () => {
  it('suggests near misses only', () => {
    expect(closest('sed', ['seed', 'steps'])).toBe('seed');
    expect(closest('varient', ['variant', 'variants'])).toBe('variant');
    expect(closest('xyz', ['seed', 'steps'])).toBeNull();
  });
});
