import { booleanOption, noUnknownKeys, oneOf } from '@ampmix/core';
import { DataError, ProblemLog } from '../errors.js';
import type { SkippedLine } from '../errors.js';
import { decodeLines } from './decode.js';
import type { TextEncoding } from './decode.js';

/**
 * What a label looks like: `integer` (`0`, `1`, …: TREC, SST, MR, SUBJ), `token` (any run of
 * non-space characters, e.g. TREC's `NUM:dist`), or `auto`: `integer` when the first line's label is one.
 */
export type LabelFormat = 'auto' | 'integer' | 'token';

/** One example line: the label (first field), the sentence (the rest) and where it came from. */
export interface LabelledLine {
  readonly label: string;
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/** Options of {@link parseLabelledText}. */
export interface ReadLinesOptions {
  /** Default `utf-8` (strict). */
  encoding?: TextEncoding;
  /** Default `auto`. */
  labelFormat?: LabelFormat;
  /** Skip malformed lines (listed in `skipped`) instead of throwing a {@link DataError}. Default false. */
  lenient?: boolean;
}

/** Result of {@link parseLabelledText}. */
export interface ReadLinesResult {
  readonly file: string;
  readonly lines: LabelledLine[];
  readonly skipped: SkippedLine[];
  /** The label format used (resolved from `auto`). */
  readonly labelFormat: 'integer' | 'token';
}

const INTEGER = /^\d+$/;

/** Bytes of a labelled file, or its text already decoded (then `encoding` is not used). */
export type TextData = Uint8Array | ArrayBuffer | string;

/** The bytes of {@link TextData} (a string is encoded as UTF-8). */
export function textBytes(data: TextData): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/**
 * Parses labelled text already in memory (a `fetch`ed file, a bundled asset, a string): one example per
 * line, label first, `<label><space or tab><sentence>`. Blank lines at the end are ignored. Problems — a
 * line without a label, a label without a sentence, a blank line, bytes that are not UTF-8 — throw a
 * {@link DataError} naming `name` and the line, or with `lenient` are skipped and listed. In Node,
 * `readLabelledLines` from `@ampmix/text/node` reads a file the same way.
 */
export function parseLabelledText(data: TextData, name: string, options: ReadLinesOptions = {}): ReadLinesResult {
  noUnknownKeys('parseLabelledText', options, ['encoding', 'labelFormat', 'lenient']);
  const encoding = oneOf('encoding', options.encoding ?? 'utf-8', ['utf-8', 'windows-1252'] as const);
  const labelFormat = oneOf('labelFormat', options.labelFormat ?? 'auto', ['auto', 'integer', 'token'] as const);
  const log = new ProblemLog(booleanOption('lenient', options.lenient ?? false));
  return parseLabelledLines(textBytes(data), name, encoding, labelFormat, log);
}

/** {@link parseLabelledText} with resolved settings; problems go to `log`. */
export function parseLabelledLines(bytes: Uint8Array, file: string, encoding: TextEncoding, format: LabelFormat, log: ProblemLog): ReadLinesResult {
  const decoded = decodeLines(bytes, encoding, file, log);
  let lastContent = decoded.length;
  while (lastContent > 0 && decoded[lastContent - 1] !== null && decoded[lastContent - 1]!.trim() === '') lastContent--;
  let resolved: 'integer' | 'token' | null = format === 'auto' ? null : format;
  const lines: LabelledLine[] = [];
  for (let i = 0; i < lastContent; i++) {
    const text = decoded[i];
    const n = i + 1;
    if (text === null) continue; // reported by the decoder (lenient)
    if (text.trim() === '') {
      log.report(file, n, 'blank-line', 'blank line: expected "<label> <sentence>"');
      continue;
    }
    if (/^\s/.test(text)) {
      log.report(file, n, 'no-label', `no label: the line starts with whitespace (${preview(text)})`);
      continue;
    }
    const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text)!;
    const label = m[1];
    if (resolved === null) resolved = INTEGER.test(label) ? 'integer' : 'token';
    if (resolved === 'integer' && !INTEGER.test(label)) {
      log.report(file, n, 'no-label', `no label: expected an integer label first, got ${JSON.stringify(label)} (${preview(text)})`);
      continue;
    }
    const sentence = (m[2] ?? '').trim();
    if (sentence === '') {
      log.report(file, n, 'empty-sentence', `empty sentence: label ${JSON.stringify(label)} has no text after it`);
      continue;
    }
    lines.push({ label, text: sentence, line: n });
  }
  return { file, lines, skipped: log.skipped, labelFormat: resolved ?? 'integer' };
}

function preview(text: string): string {
  const t = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(t);
}
