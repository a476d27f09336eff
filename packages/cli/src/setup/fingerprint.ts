/** FNV-1a 32-bit hash of a byte string, as 8 hex digits. */
export function fnv1a32(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A short fingerprint of a vocabulary (FNV-1a 32 of its words joined by newlines, UTF-8), so a
 * checkpoint can tell whether a rebuilt vocabulary is the one it was trained with.
 */
export function vocabularyFingerprint(words: readonly string[]): string {
  return fnv1a32(new TextEncoder().encode(words.join('\n')));
}
