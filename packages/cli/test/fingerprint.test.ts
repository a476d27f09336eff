import { describe, expect, it } from 'vitest';
import { fnv1a32, vocabularyFingerprint } from '../src/setup/fingerprint.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32(bytes(''))).toBe('811c9dc5');
    expect(fnv1a32(bytes('a'))).toBe('e40c292c');
    expect(fnv1a32(bytes('foobar'))).toBe('bf9cf968');
  });
});

describe('vocabularyFingerprint', () => {
  it('hashes the words joined by newlines and tells vocabularies apart', () => {
    expect(vocabularyFingerprint(['foo', 'bar'])).toBe(fnv1a32(bytes('foo\nbar')));
    expect(vocabularyFingerprint(['foo', 'bar'])).not.toBe(vocabularyFingerprint(['bar', 'foo']));
  });
});
