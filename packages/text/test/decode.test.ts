import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../src/index.js';

// Python 3: [ord(bytes([b]).decode('cp1252', errors='replace')) for b in range(0x80, 0xa0)]
const PYTHON_CP1252_80_9F = [8364, 65533, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 65533, 381, 65533,
  65533, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 732, 8482, 353, 8250, 339, 65533, 382, 376];

describe('decodeWindows1252', () => {
  it('matches Python\u2019s cp1252 on 0x80..0x9F; its five undefined bytes map to the same C1 code point (WHATWG)', () => {
    const got = Array.from(decodeWindows1252(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i)), (c) => c.codePointAt(0));
    PYTHON_CP1252_80_9F.forEach((want, i) => expect(got[i]).toBe(want === 65533 ? 0x80 + i : want));
  });
  it('is latin-1 elsewhere', () => {
    const bytes = Uint8Array.from([...Array.from({ length: 128 }, (_, i) => i), ...Array.from({ length: 96 }, (_, i) => 0xa0 + i)]);
    expect(decodeWindows1252(bytes)).toBe(String.fromCharCode(...bytes));
  });
  it('decodes long inputs (chunked)', () => {
    expect(decodeWindows1252(new Uint8Array(20000).fill(0x85))).toBe('\u2026'.repeat(20000));
  });
});
