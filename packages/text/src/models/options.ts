import { booleanOption, integerAtLeast, noUnknownKeys, numberInRange, OptionError } from '@ampmix/core';

/** Options shared by the text backbones. */
export interface TextModelOptions {
  /** Rows of the embedding table (the vocabulary size, PAD and UNK included). */
  vocabSize: number;
  numClasses: number;
  /** Token positions per input row; inputs must be [B, maxLength]. */
  maxLength: number;
  /** Word-vector size. Default 300 (Kim 2014; GloVe 840B), or the size implied by `embeddings`. */
  embeddingDim?: number;
  /** Initial table, vocabSize × dim row-major (e.g. from {@link loadGloveText}); default random U[−0.25, 0.25] (Kim 2014). */
  embeddings?: Float32Array;
  /** Fine-tune the table (Kim's "non-static"); false keeps it frozen ("static"). Default true. */
  trainableEmbeddings?: boolean;
  /** Dropout rate while training. Default 0.5 (Kim 2014). */
  dropout?: number;
  /** Seed of the weight initialisation. Default 0. */
  seed?: number;
}

/** Validated {@link TextModelOptions}. */
export interface ResolvedTextModelOptions {
  readonly vocabSize: number;
  readonly numClasses: number;
  readonly maxLength: number;
  readonly embeddingDim: number;
  readonly embeddings: Float32Array | null;
  readonly trainableEmbeddings: boolean;
  readonly dropout: number;
  readonly seed: number;
}

/** The keys of {@link TextModelOptions}, for unknown-key checks. */
export const TEXT_MODEL_KEYS = ['vocabSize', 'numClasses', 'maxLength', 'embeddingDim', 'embeddings', 'trainableEmbeddings', 'dropout', 'seed'];

/** Validates {@link TextModelOptions} (plus the backbone's own `extraKeys`). */
export function resolveTextModelOptions(scope: string, options: TextModelOptions, extraKeys: readonly string[]): ResolvedTextModelOptions {
  noUnknownKeys(scope, options, [...TEXT_MODEL_KEYS, ...extraKeys]);
  const vocabSize = integerAtLeast('vocabSize', options.vocabSize, 2);
  const numClasses = integerAtLeast('numClasses', options.numClasses, 2);
  const maxLength = integerAtLeast('maxLength', options.maxLength, 1);
  const emb = options.embeddings;
  let embeddingDim: number;
  if (emb !== undefined) {
    if (!(emb instanceof Float32Array)) throw new OptionError('embeddings', emb, 'a Float32Array of vocabSize × embeddingDim values');
    const implied = emb.length / vocabSize;
    embeddingDim = options.embeddingDim === undefined ? implied : integerAtLeast('embeddingDim', options.embeddingDim, 1);
    if (!Number.isInteger(implied) || implied !== embeddingDim || implied < 1) {
      throw new OptionError('embeddings', `${emb.length} values`, `vocabSize × embeddingDim = ${vocabSize} × ${options.embeddingDim ?? 'dim'} values`);
    }
    for (let i = 0; i < emb.length; i++) if (!Number.isFinite(emb[i])) throw new OptionError(`embeddings[${i}]`, emb[i], 'a finite number');
  } else {
    embeddingDim = integerAtLeast('embeddingDim', options.embeddingDim ?? 300, 1);
  }
  return {
    vocabSize,
    numClasses,
    maxLength,
    embeddingDim,
    embeddings: emb ?? null,
    trainableEmbeddings: booleanOption('trainableEmbeddings', options.trainableEmbeddings ?? true),
    dropout: numberInRange('dropout', options.dropout ?? 0.5, 0, 0.99),
    seed: integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff),
  };
}
