import { describe, expect, it } from 'vitest';
import { clipScale } from '../src/clip.js';

describe('clipScale', () => {
  it('is min(1, clipNorm / gradNorm), and 1 when clipping is off', () => {
    expect(clipScale(20, 10)).toBe(0.5);
    expect(clipScale(12.5, 10)).toBeCloseTo(0.8, 15);
    expect(clipScale(5, 10)).toBe(1);
    expect(clipScale(10, 10)).toBe(1);
    expect(clipScale(0, 10)).toBe(1);
    expect(clipScale(1e6, 0)).toBe(1);
  });
});
