/**
 * @ampmix/sentence-mixup — WordMixup and SenMixup (Guo, Mao & Zhang 2019, "Augmenting Data with Mixup
 * for Sentence Classification: An Empirical Study", arXiv 1905.08941) for the AMP engine of
 * `@ampmix/core` (Liu et al., EMNLP 2021, arXiv 2109.07177), with the text pipeline (Kim 2014 cleaning,
 * vocabulary, padding), the shipped benchmarks (TREC, SST-1, SST-2, MR, SUBJ), word-vector loaders and the
 * Kim (2014) CNN and BiLSTM-attention backbones.
 */
export { wordMixup, WORD_SITE } from './methods/word-mixup.js';
export { senMixup, SENTENCE_SITE } from './methods/sen-mixup.js';

export { cleanText, tokenize, resolveCleanOptions } from './text/clean.js';
export type { CleanOptions, CleanStyle, ResolvedCleanOptions } from './text/clean.js';
export { Vocab } from './text/vocab.js';
export type { VocabOptions } from './text/vocab.js';
export { encodeSentences, paddingMask } from './text/encode.js';
export type { EncodedSentences } from './text/encode.js';

export { DataError, MissingPackageError } from './errors.js';
export type { DataProblem, SkippedLine } from './errors.js';
export { readLabelledLines } from './data/read-lines.js';
export type { LabelFormat, LabelledLine, ReadLinesOptions, ReadLinesResult } from './data/read-lines.js';
export type { TextEncoding } from './data/decode.js';
export { decodeWindows1252 } from './data/decode.js';
export { stratifiedFolds, stratifiedSplit, subsampleFraction } from './data/split.js';
export { TextDataset } from './data/text-dataset.js';
export { DATASETS, DATASET_NAMES } from './data/datasets.js';
export type { DatasetName, DatasetSpec } from './data/datasets.js';
export { resolveDataDir } from './data/data-dir.js';
export { resolveTextDataOptions, CV_FOLDS, MAX_LENGTH_CAP } from './data/options.js';
export type { TextDataOptions, ResolvedTextDataOptions } from './data/options.js';
export { loadTextDataset, loadTextFiles } from './data/load.js';
export type { TextFiles, TextSplits, TextSummary } from './data/load.js';

export { randomEmbeddings, KIM_INIT_RANGE } from './embeddings/matrix.js';
export type { EmbeddingTable } from './embeddings/matrix.js';
export { loadGloveText } from './embeddings/glove.js';
export type { GloveOptions, GloveTable } from './embeddings/glove.js';
export { loadWinkEmbeddings, WINK_PACKAGE } from './embeddings/wink.js';
export type { WinkData, WinkOptions } from './embeddings/wink.js';

export type { TextModelOptions } from './models/options.js';
export type { TextModel } from './models/text-model.js';
export { TEXT_SITES } from './models/text-model.js';
export { createKimCnn } from './models/kim-cnn.js';
export type { KimCnnOptions } from './models/kim-cnn.js';
export { createBiLstm } from './models/bilstm.js';
export type { BiLstmOptions } from './models/bilstm.js';
export { unfoldConv1d } from './models/conv.js';
export { maxOverTime } from './models/max-over-time.js';
export { embeddingLookup, tokenMask } from './models/embedding.js';
export { attentionWeights, attentionPool } from './models/attention.js';
export { applyMaxNorm } from './models/max-norm.js';
export type { MixMethod } from '@ampmix/core';
