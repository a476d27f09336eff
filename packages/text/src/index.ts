/**
 * @ampmix/text — the text toolkit of ampmix: Kim (2014) cleaning, vocabulary and padding, labelled-text
 * parsing, splits, the shipped benchmarks' read settings, embeddings tables, and the Kim (2014) CNN and
 * BiLSTM-attention backbones as `MixableModel`s for WordMixup / SenMixup (`@ampmix/sentence-mixup`) and AMP
 * (Liu et al., EMNLP 2021, arXiv 2109.07177). This entry loads in a browser; files, the shipped datasets on
 * disk and GloVe streaming are in `@ampmix/text/node`.
 */
export { cleanText, tokenize, resolveCleanOptions } from './text/clean.js';
export type { CleanOptions, CleanStyle, ResolvedCleanOptions } from './text/clean.js';
export { Vocab } from './text/vocab.js';
export type { VocabOptions } from './text/vocab.js';
export { encodeSentences, paddingMask } from './text/encode.js';
export type { EncodedSentences } from './text/encode.js';

export { DataError, MissingPackageError } from './errors.js';
export type { DataProblem, SkippedLine } from './errors.js';
export { parseLabelledText } from './data/read-lines.js';
export type { LabelFormat, LabelledLine, ReadLinesOptions, ReadLinesResult, TextData } from './data/read-lines.js';
export type { TextEncoding } from './data/decode.js';
export { decodeWindows1252 } from './data/decode.js';
export { TextDataset } from './data/text-dataset.js';
export { DATASETS, DATASET_NAMES } from './data/datasets.js';
export type { DatasetName, DatasetSpec } from './data/datasets.js';
export { resolveTextDataOptions, CV_FOLDS, MAX_LENGTH_CAP } from './data/options.js';
export type { TextDataOptions, ResolvedTextDataOptions } from './data/options.js';
export { loadTextDatasetFrom, loadTextSources } from './data/load.js';
export type { DatasetFileReader, TextSource, TextSources, TextSplits, TextSummary } from './data/load.js';

export { randomEmbeddings, KIM_INIT_RANGE } from './embeddings/matrix.js';
export type { EmbeddingTable } from './embeddings/matrix.js';
export { loadWinkEmbeddings, WINK_PACKAGE } from './embeddings/wink.js';
export type { WinkData, WinkOptions } from './embeddings/wink.js';

export type { TextModelOptions } from './models/options.js';
export type { TextModel } from './models/text-model.js';
export { TEXT_SITES } from './models/text-model.js';
export { unfoldConv1d } from './models/conv.js';
export { maxOverTime } from './models/max-over-time.js';
export { createKimCnn } from './models/kim-cnn.js';
export type { KimCnnOptions } from './models/kim-cnn.js';
export { createBiLstm } from './models/bilstm.js';
export type { BiLstmOptions } from './models/bilstm.js';
export { kimCnnDescriptor, biLstmDescriptor } from './models/descriptors.js';
export type { TextModelContext } from './models/descriptors.js';
export { TEXT_DATASET_DESCRIPTORS } from './data/descriptors.js';
