import { noUnknownKeys, oneOf, booleanOption } from '@ampmix/core';

/**
 * Cleaning styles of Kim (2014), "Convolutional Neural Networks for Sentence Classification"
 * (EMNLP 2014, arXiv 1408.5882), `process_data.py` of the CNN_sentence repository:
 * - `kim`: `clean_str` (every dataset but SST): keep `A-Za-z0-9(),!?'\``, split off `'s 've n't 're 'd 'll`,
 *   pad `, ! ( ) ?` with spaces, collapse whitespace;
 * - `kim-sst`: `clean_str_sst` (SST): keep the same characters, collapse whitespace, nothing split off;
 * - `none`: only collapse whitespace.
 */
export type CleanStyle = 'kim' | 'kim-sst' | 'none';

/** Options of {@link cleanText} and {@link tokenize}. */
export interface CleanOptions {
  /** Default `kim`. */
  style?: CleanStyle;
  /** Lower-case the result. Default true; Kim keeps TREC cased (`clean_str(..., TREC=True)`). */
  lowercase?: boolean;
}

/** Validated {@link CleanOptions}. */
export interface ResolvedCleanOptions {
  readonly style: CleanStyle;
  readonly lowercase: boolean;
}

/** Validates and defaults {@link CleanOptions}. */
export function resolveCleanOptions(options: CleanOptions = {}): ResolvedCleanOptions {
  noUnknownKeys('clean', options, ['style', 'lowercase']);
  return {
    style: oneOf('style', options.style ?? 'kim', ['kim', 'kim-sst', 'none'] as const),
    lowercase: booleanOption('lowercase', options.lowercase ?? true),
  };
}

const NOT_KEPT = /[^A-Za-z0-9(),!?'`]/g;

/**
 * Kim's (2014) sentence cleaning, regex for regex. One deliberate difference: Python keeps the
 * backslash of an unknown escape in a replacement string, so Kim's `re.sub(r"\?", " \? ", s)` emits
 * the tokens `\?`, `\(` and `\)`; this emits `?`, `(` and `)` (same token boundaries, but tokens a
 * pre-trained embedding file can match). Any non-ASCII character becomes a space, so the tokens do not
 * depend on how a file's bytes were decoded.
 */
export function cleanText(text: string, options: CleanOptions = {}): string {
  return cleanResolved(text, resolveCleanOptions(options));
}

/** {@link cleanText} with options already resolved (the per-line fast path of the readers). */
export function cleanResolved(text: string, { style, lowercase }: ResolvedCleanOptions): string {
  let s = text;
  if (style !== 'none') s = s.replace(NOT_KEPT, ' ');
  if (style === 'kim') {
    s = s
      .replace(/'s/g, " 's")
      .replace(/'ve/g, " 've")
      .replace(/n't/g, " n't")
      .replace(/'re/g, " 're")
      .replace(/'d/g, " 'd")
      .replace(/'ll/g, " 'll")
      .replace(/,/g, ' , ')
      .replace(/!/g, ' ! ')
      .replace(/\(/g, ' ( ')
      .replace(/\)/g, ' ) ')
      .replace(/\?/g, ' ? ');
  }
  s = s.replace(/\s{2,}/g, ' ').trim();
  return lowercase ? s.toLowerCase() : s;
}

/** Cleans `text` with {@link cleanText} and splits it on whitespace. Empty text gives `[]`. */
export function tokenize(text: string, options: CleanOptions = {}): string[] {
  return tokenizeResolved(text, resolveCleanOptions(options));
}

/** {@link tokenize} with options already resolved. */
export function tokenizeResolved(text: string, options: ResolvedCleanOptions): string[] {
  const s = cleanResolved(text, options);
  return s.length === 0 ? [] : s.split(/\s+/);
}
