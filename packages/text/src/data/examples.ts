import type { ProblemLog } from '../errors.js';
import type { ResolvedCleanOptions } from '../text/clean.js';
import { tokenizeResolved } from '../text/clean.js';
import type { TextEncoding } from './decode.js';
import type { LabelFormat } from './read-lines.js';
import { parseLabelledLines } from './read-lines.js';

/** A tokenised example of one file, label still as written. */
export interface RawExample {
  readonly label: string;
  readonly tokens: string[];
  readonly line: number;
}

/** The examples of one file. */
export interface RawFile {
  readonly file: string;
  readonly examples: RawExample[];
  readonly labelFormat: 'integer' | 'token';
}

/**
 * Parses and tokenises one labelled file's bytes. A sentence that cleaning leaves empty (e.g. only punctuation
 * Kim's cleaning drops) is an `empty-sentence` problem, reported with its line.
 */
export function readExamples(bytes: Uint8Array, file: string, encoding: TextEncoding, labelFormat: LabelFormat, clean: ResolvedCleanOptions, log: ProblemLog): RawFile {
  const parsed = parseLabelledLines(bytes, file, encoding, labelFormat, log);
  const examples: RawExample[] = [];
  for (const { label, text, line } of parsed.lines) {
    const tokens = tokenizeResolved(text, clean);
    if (tokens.length === 0) {
      log.report(file, line, 'empty-sentence', `empty sentence after cleaning: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)} has no word Kim's cleaning keeps`);
      continue;
    }
    examples.push({ label, tokens, line });
  }
  return { file, examples, labelFormat: parsed.labelFormat };
}

/**
 * Class names and indices from the training labels: integer labels in numeric order, other labels in
 * code-unit order. With `names` given (integer labels of a shipped dataset), label k is class k.
 */
export function labelIndex(labels: Iterable<string>, format: 'integer' | 'token', names?: readonly string[]): { names: string[]; index: Map<string, number> } {
  if (names) return { names: [...names], index: new Map(names.map((_, k) => [String(k), k])) };
  const distinct = [...new Set(labels)];
  distinct.sort(format === 'integer' ? (a, b) => Number(a) - Number(b) || (a < b ? -1 : 1) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { names: distinct, index: new Map(distinct.map((l, k) => [l, k])) };
}

/**
 * Keeps the examples whose label is known, reporting the others as `unknown-label` (a label in a dev or
 * test file that training never saw, or a shipped dataset's label out of range).
 */
export function withKnownLabels(raw: RawFile, index: Map<string, number>, log: ProblemLog): { examples: RawExample[]; labels: number[] } {
  const examples: RawExample[] = [];
  const labels: number[] = [];
  for (const ex of raw.examples) {
    const k = index.get(ex.label);
    if (k === undefined) {
      const known = [...index.keys()];
      const list = known.length > 8 ? `${known.slice(0, 8).join(', ')}, … (${known.length})` : known.join(', ');
      log.report(raw.file, ex.line, 'unknown-label', `unknown label ${JSON.stringify(ex.label)}: not among the training labels (${list})`);
      continue;
    }
    examples.push(ex);
    labels.push(k);
  }
  return { examples, labels };
}
