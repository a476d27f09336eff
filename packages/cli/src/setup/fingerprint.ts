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

/** Content hashes of a text run's data: the vocabulary and each split's token ids and labels. */
export interface DataFingerprint {
  vocabulary: string;
  train: string;
  dev: string | null;
  test: string | null;
}

/** FNV-1a 32 of a split's token ids then its labels (their bytes), as 8 hex digits. */
export function splitFingerprint(split: { ids: Int32Array; labels: Int32Array }): string {
  const bytes = new Uint8Array(split.ids.byteLength + split.labels.byteLength);
  bytes.set(new Uint8Array(split.ids.buffer, split.ids.byteOffset, split.ids.byteLength), 0);
  bytes.set(new Uint8Array(split.labels.buffer, split.labels.byteOffset, split.labels.byteLength), split.ids.byteLength);
  return fnv1a32(bytes);
}

/** The {@link DataFingerprint} of loaded text splits (a checkpoint records it; `--resume` and `eval` compare). */
export function dataFingerprint(splits: {
  vocab: { words: readonly string[] };
  train: { ids: Int32Array; labels: Int32Array };
  dev: { ids: Int32Array; labels: Int32Array } | null;
  test: { ids: Int32Array; labels: Int32Array } | null;
}): DataFingerprint {
  return {
    vocabulary: vocabularyFingerprint(splits.vocab.words),
    train: splitFingerprint(splits.train),
    dev: splits.dev ? splitFingerprint(splits.dev) : null,
    test: splits.test ? splitFingerprint(splits.test) : null,
  };
}
