import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { cleanText, tokenize } from '../src/index.js';
import { fixture } from './helpers.js';

interface PyCase { text: string; kim: string; kimTrec: string; sst: string }
const golden = JSON.parse(readFileSync(fixture('kim-clean-python.json'), 'utf8')) as { cases: PyCase[] };
// the documented difference: Python keeps the backslash of "\(", "\)", "\?" in replacement strings
const noBackslash = (s: string) => s.replace(/\\/g, '');

describe('cleanText: Kim (2014) clean_str / clean_str_sst against Python outputs', () => {
  it('has the golden cases', () => expect(golden.cases.length).toBeGreaterThanOrEqual(10));
  it.each(golden.cases)('kim, lower-cased: %j', (c) => {
    expect(cleanText(c.text)).toBe(noBackslash(c.kim));
  });
  it.each(golden.cases)('kim, TREC (cased): %j', (c) => {
    expect(cleanText(c.text, { lowercase: false })).toBe(noBackslash(c.kimTrec));
  });
  it.each(golden.cases)('kim-sst: %j', (c) => {
    expect(cleanText(c.text, { style: 'kim-sst' })).toBe(c.sst);
  });
  it('the Python outputs really carry the backslash quirk this package drops', () => {
    expect(golden.cases[0].kim).toBe("what 's the capital of france \\?");
    expect(cleanText(golden.cases[0].text)).toBe("what 's the capital of france ?");
  });
});

describe('tokenize', () => {
  it('splits the cleaned text on whitespace', () => {
    expect(tokenize("Don't (stop)!")).toEqual(['do', "n't", '(', 'stop', ')', '!']);
    expect(tokenize('Who was Galileo ?', { lowercase: false })).toEqual(['Who', 'was', 'Galileo', '?']);
  });
  it('gives no tokens for text the cleaning empties', () => {
    expect(tokenize('... --- ;;;')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
  it('style none only collapses whitespace (and lower-cases)', () => {
    expect(tokenize('  Café   au\tLAIT. ', { style: 'none' })).toEqual(['café', 'au', 'lait.']);
  });
  it('a non-ASCII character gives the same tokens however it was decoded (one or two characters)', () => {
    expect(tokenize('clich\u00e9s')).toEqual(tokenize('clich\u00c3\u00a9s'));
  });
  it.each([
    [{ style: 'bert' }, /Invalid style: got "bert"; expected one of "kim", "kim-sst", "none"/],
    [{ lowercase: 'yes' }, /Invalid lowercase: got "yes"; expected true or false/],
    [{ lower: true }, /clean option "lower"/],
  ])('rejects %j', (options, message) => {
    expect(() => cleanText('x', options as never)).toThrow(OptionError);
    expect(() => cleanText('x', options as never)).toThrow(message);
  });
});
