/**
 * @ampmix/text/node — the Node-only part of the text toolkit: reading labelled files, loading the shipped
 * benchmarks from `@ampmix/datasets` (or `dataDir`), and streaming GloVe-format vector files.
 */
export { readLabelledLines } from './read-file.js';
export { loadTextDataset, loadTextFiles } from './load.js';
export type { TextFiles } from './load.js';
export { resolveDataDir } from './data-dir.js';
export { loadGloveText } from './glove.js';
export type { GloveOptions, GloveTable } from './glove.js';
