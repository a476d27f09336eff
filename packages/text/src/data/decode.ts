import type { ProblemLog } from '../errors.js';

/**
 * How a data file's bytes are decoded. `utf-8` is strict: a byte sequence that is not UTF-8 is a
 * problem reported with the file and line. `windows-1252` (a superset of the printable latin-1 range)
 * maps every byte to a character; the shipped MR, SUBJ and TREC files are in it.
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

const LF = 0x0a;
const CR = 0x0d;

/** Splits `bytes` into lines on LF (a CR before the LF is dropped); a final empty line is not returned. */
export function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === LF) {
      let end = i;
      if (end > start && bytes[end - 1] === CR) end--;
      if (i < bytes.length || end > start) lines.push(bytes.subarray(start, end));
      start = i + 1;
    }
  }
  return lines;
}

/**
 * Decodes a file's lines. Invalid UTF-8 in a `utf-8` file is reported to `log` with the line number
 * (strict: a {@link DataError}; lenient: the line becomes `null`, skipped and counted).
 */
export function decodeLines(bytes: Uint8Array, encoding: TextEncoding, file: string, log: ProblemLog): (string | null)[] {
  const lines = splitLines(bytes);
  if (encoding === 'windows-1252') return lines.map(decodeWindows1252);
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return lines.map((l, i) => {
    // only the first line may carry a BOM; TextDecoder drops it
    try {
      return strict.decode(l);
    } catch {
      const at = firstInvalidUtf8(l);
      log.report(file, i + 1, 'encoding', `not UTF-8: byte 0x${l[at].toString(16).padStart(2, '0')} at column ${at + 1} (decode the file as UTF-8, or pass encoding: "windows-1252" for a latin-1 / Windows-1252 file)`);
      return null;
    }
  });
}

// Windows-1252 0x80..0x9F (WHATWG): the five undefined bytes map to the C1 control of the same value.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decodes Windows-1252 bytes per the WHATWG Encoding Standard. (Node's own `TextDecoder('windows-1252')`
 * decodes 0x80–0x9F as latin-1 C1 controls, e.g. 0x85 as U+0085 instead of "…", hence this table.)
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b)));
  }
  return out;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (the line is known to be invalid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    // overlongs and surrogates: let the decoder decide on the sequence
    if (need > 0) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + need + 1));
      } catch {
        return i;
      }
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}
