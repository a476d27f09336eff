import { basename } from 'node:path';
import { AmpmixError } from '@ampmix/core';
import type { DataConfig } from '../config.js';
import type { LoadedData } from './data.js';

/** Loaded data a run cannot train on, said in terms of the files and flags (not the library's options). */
export class DataCheckError extends AmpmixError {
  constructor(message: string) {
    super('E_DATA', message);
    this.name = 'DataCheckError';
  }
}

function source(config: DataConfig): string {
  return config.dataset ? `--dataset ${config.dataset}` : `--train-file ${config.files!.train}`;
}

/**
 * Checks loaded text data before a model is built: labels that look like a comma-separated file, labels
 * that are the same number written two ways (`01` and `1`), fewer than two classes, an empty dev split.
 * Each is a {@link DataCheckError} naming the file and what to change.
 */
export function checkLoadedData(data: LoadedData, config: DataConfig): void {
  if (!data.text) return;
  const { splits } = data.text;
  const names = splits.labelNames;
  const from = source(config);
  const comma = names.filter((n) => n.includes(','));
  if (comma.length) {
    throw new DataCheckError(
      `${from}: ${names.length} classes, labels such as ${JSON.stringify(comma[0])} hold a comma: this looks like a comma-separated file; ampmix reads one example per line, the label first and a space or tab before the text`,
    );
  }
  const byNumber = new Map<number, string>();
  for (const n of names) {
    if (!/^[+-]?\d+$/.test(n)) continue;
    const other = byNumber.get(Number(n));
    if (other !== undefined) {
      throw new DataCheckError(`${from}: labels ${JSON.stringify(other)} and ${JSON.stringify(n)} are read as two classes (labels are compared as written); write each label one way`);
    }
    byNumber.set(Number(n), n);
  }
  if (data.numClasses < 2) {
    throw new DataCheckError(`${from}: every training example has the label ${JSON.stringify(names[0] ?? '?')}; a classifier needs at least 2 classes (the label is the first word of each line)`);
  }
  if (data.dev && data.dev.size === 0) {
    const dev = config.files?.dev
      ? `--dev-file ${config.files.dev} holds no example`
      : `--dev-fraction ${config.devFraction ?? 0.1} of ${data.train.size} training examples rounds to none`;
    throw new DataCheckError(`${from}: the dev split is empty (${dev}); give more data, a --dev-file, or a larger --dev-fraction`);
  }
}

/** The data line's note on lines `--lenient` skipped, credited to each file (`3 lines skipped: 2 in a.test, 1 in a.train`). */
export function skippedNote(skipped: readonly { file: string }[]): string {
  if (!skipped.length) return '';
  const per = new Map<string, number>();
  for (const s of skipped) per.set(s.file, (per.get(s.file) ?? 0) + 1);
  return `, ${skipped.length} line${skipped.length === 1 ? '' : 's'} skipped: ${[...per].map(([f, n]) => `${n} in ${basename(f)}`).join(', ')}`;
}
