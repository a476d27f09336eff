import { Vocab } from './vocab.js';

/** Token ids of sentences padded (with {@link Vocab.PAD}, at the end) or truncated (at the end) to one length. */
export interface EncodedSentences {
  /** Row-major [n, maxLength] ids. */
  readonly ids: Int32Array;
  /** Tokens kept per sentence (≤ maxLength). */
  readonly lengths: Int32Array;
  /** Sentences longer than maxLength, cut at the end. */
  readonly truncated: number;
}

/**
 * Maps tokenised sentences to ids with `vocab` (unknown words → {@link Vocab.UNK}), padding each to
 * `maxLength` with {@link Vocab.PAD} at the end and cutting longer ones at the end, as Kim (2014) and
 * the AMP reference code do.
 */
export function encodeSentences(sentences: readonly (readonly string[])[], vocab: Vocab, maxLength: number): EncodedSentences {
  const ids = new Int32Array(sentences.length * maxLength); // zeros are PAD
  const lengths = new Int32Array(sentences.length);
  let truncated = 0;
  sentences.forEach((tokens, i) => {
    const n = Math.min(tokens.length, maxLength);
    if (tokens.length > maxLength) truncated++;
    for (let t = 0; t < n; t++) ids[i * maxLength + t] = vocab.indexOf(tokens[t]);
    lengths[i] = n;
  });
  return { ids, lengths, truncated };
}

/** 1 where an id is a token, 0 where it is padding ({@link Vocab.PAD}); same layout as `ids`. */
export function paddingMask(ids: Int32Array): Float32Array {
  const m = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) m[i] = ids[i] === Vocab.PAD ? 0 : 1;
  return m;
}
