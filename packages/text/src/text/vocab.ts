import { integerAtLeast, noUnknownKeys, OptionError } from '@ampmix/core';

/** Options of {@link Vocab.build}. */
export interface VocabOptions {
  /** Keep words seen at least this many times. Default 1. */
  minFreq?: number;
}

/**
 * A word vocabulary: index 0 is padding (`<pad>`), index 1 the unknown word (`<unk>`), then the words
 * by decreasing frequency (ties in code-unit order), so ids are deterministic. Lookups of words not in
 * the vocabulary give {@link Vocab.UNK}; the two reserved entries are never returned for a word, even for
 * the literal text `<pad>`.
 */
export class Vocab {
  /** Index of the padding entry. */
  static readonly PAD = 0;
  /** Index of the unknown-word entry. */
  static readonly UNK = 1;
  /** Display names of the two reserved entries. */
  static readonly RESERVED = ['<pad>', '<unk>'] as const;

  /** Every entry by index, the two reserved ones first. */
  readonly words: readonly string[];
  private readonly index: Map<string, number>;

  /** @param words the real words (no reserved entries), in id order from 2; duplicates are rejected. */
  constructor(words: readonly string[]) {
    this.words = [...Vocab.RESERVED, ...words];
    this.index = new Map();
    words.forEach((w, i) => {
      if (typeof w !== 'string' || w.length === 0) throw new OptionError(`words[${i}]`, w, 'a non-empty string');
      if (this.index.has(w)) throw new OptionError(`words[${i}]`, w, 'a word not already in the vocabulary');
      this.index.set(w, i + 2);
    });
  }

  /**
   * Builds a vocabulary from tokenised sentences, keeping the words seen at least `minFreq` times.
   * Kim (2014) keeps every word (`minFreq` 1).
   */
  static build(sentences: Iterable<readonly string[]>, options: VocabOptions = {}): Vocab {
    noUnknownKeys('vocab', options, ['minFreq']);
    const minFreq = integerAtLeast('minFreq', options.minFreq ?? 1, 1);
    const counts = new Map<string, number>();
    for (const tokens of sentences) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const kept = [...counts].filter(([, c]) => c >= minFreq);
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new Vocab(kept.map(([w]) => w));
  }

  /** Number of entries, reserved ones included. */
  get size(): number {
    return this.words.length;
  }

  /** Id of `word`, or {@link Vocab.UNK}. */
  indexOf(word: string): number {
    return this.index.get(word) ?? Vocab.UNK;
  }

  /** Whether `word` has its own id. */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The real words with their ids (reserved entries excluded). */
  entries(): IterableIterator<[string, number]> {
    return this.index.entries();
  }
}
