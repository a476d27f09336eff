/**
 * @ampmix/datasets — the five sentence-classification benchmarks of the AMP paper (Liu et al., EMNLP 2021,
 * arXiv 2109.07177): TREC, SST-1, SST-2, MR and SUBJ, byte for byte as distributed with Kim (2014)-style
 * preprocessing, with their SHA-256 and citations. This entry is plain data (it loads in a browser: bundlers
 * reach the files as `@ampmix/datasets/data/<file>`); `@ampmix/datasets/node` gives their paths on disk.
 */
export { DATASET_FILES } from './files.js';
export type { DatasetFileName } from './files.js';
export { CITATIONS } from './citations.js';
export type { Citation } from './citations.js';
