import { integerAtLeast, numberInRange, Rng } from '@ampmix/core';
import type { Vocab } from '../text/vocab.js';

/** Kim's (2014) range for randomly initialised word vectors: U[−0.25, 0.25]. */
export const KIM_INIT_RANGE = 0.25;

/**
 * A [vocab.size × dim] row-major table drawn from U[−range, range] (Kim 2014: 0.25, chosen so random
 * vectors have about the variance of pre-trained ones), with the PAD row (index 0) zero.
 */
export function randomEmbeddings(vocabSize: number, dim: number, seed = 0, range = KIM_INIT_RANGE): Float32Array {
  integerAtLeast('vocabSize', vocabSize, 2);
  integerAtLeast('dim', dim, 1);
  numberInRange('range', range, 0, 1e6);
  const rng = new Rng(seed);
  const m = new Float32Array(vocabSize * dim);
  for (let i = dim; i < m.length; i++) m[i] = (2 * rng.next() - 1) * range;
  return m;
}

/** Result of a pre-trained embeddings loader. */
export interface EmbeddingTable {
  /** [vocab.size × dim], row-major; PAD row zero, rows of words not found random U[−0.25, 0.25] (seeded). */
  matrix: Float32Array;
  dim: number;
  /** Vocabulary words (PAD and UNK excluded) that got a pre-trained vector. */
  found: number;
  /** found / (vocab.size − 2): the share of the real words covered. */
  coverage: number;
}

/**
 * Collects pre-trained vectors for a vocabulary: an exact match first; else, optionally, the vector of the
 * word's lower-cased form (for cased text such as TREC against uncased vectors). Rows stay random until
 * set; PAD stays zero.
 */
export class VectorCollector {
  readonly matrix: Float32Array;
  private readonly exact = new Map<string, number>();
  private readonly lower = new Map<string, number[]>();
  private readonly state: Uint8Array; // 0 none, 1 by lower-case fallback, 2 exact

  constructor(readonly vocab: Vocab, readonly dim: number, seed: number, lowercaseFallback: boolean) {
    this.matrix = randomEmbeddings(vocab.size, dim, seed);
    this.state = new Uint8Array(vocab.size);
    for (const [w, i] of vocab.entries()) {
      this.exact.set(w, i);
      const l = w.toLowerCase();
      if (lowercaseFallback && l !== w) {
        const list = this.lower.get(l);
        if (list) list.push(i);
        else this.lower.set(l, [i]);
      }
    }
  }

  /** Whether a file word is wanted (so its numbers are worth parsing). */
  wants(word: string): boolean {
    return this.exact.has(word) || this.lower.has(word);
  }

  /** Stores `values` (length dim) for `word`: exact rows always (first one wins), fallback rows if unset. */
  set(word: string, values: ArrayLike<number>): void {
    const i = this.exact.get(word);
    if (i !== undefined && this.state[i] < 2) {
      this.matrix.set(values, i * this.dim);
      this.state[i] = 2;
    }
    for (const j of this.lower.get(word) ?? []) {
      if (this.state[j] === 0) {
        this.matrix.set(values, j * this.dim);
        this.state[j] = 1;
      }
    }
  }

  /** The table with its coverage. */
  result(): EmbeddingTable {
    let found = 0;
    for (let i = 2; i < this.state.length; i++) if (this.state[i] > 0) found++;
    const words = this.vocab.size - 2;
    return { matrix: this.matrix, dim: this.dim, found, coverage: words > 0 ? found / words : 0 };
  }
}
