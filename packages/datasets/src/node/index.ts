/**
 * @ampmix/datasets/node — where the shipped files are on disk, found through this package itself (never by
 * walking up folders), and a checksum check.
 */
export { DATASETS_DIR, datasetFilePath, verifyDatasetFile } from './paths.js';
