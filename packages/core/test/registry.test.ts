import { describe, expect, it } from 'vitest';
import { Registry, RegistryError } from '../src/index.js';

describe('Registry', () => {
  it('registers, looks up and lists names', () => {
    const r = new Registry<number>('variant').register('b', 2).register('a', 1);
    expect(r.get('a')).toBe(1);
    expect(r.has('b')).toBe(true);
    expect(r.names()).toEqual(['a', 'b']);
  });
  it('duplicate names throw', () => {
    const r = new Registry<number>('variant').register('a', 1);
    expect(() => r.register('a', 2)).toThrow(/variant "a" is already registered/);
  });
  it('unknown names throw listing the known ones', () => {
    const r = new Registry<number>('policy').register('beta', 1).register('band', 2);
    expect(() => r.get('gauss')).toThrow(RegistryError);
    expect(() => r.get('gauss')).toThrow(/unknown policy "gauss"; known: band, beta/);
    expect(() => new Registry('mixer').get('x')).toThrow(/\(none registered\)/);
  });
});
