import { describe, expect, it } from 'vitest';
import { DataError } from '../src/index.js';
import { readLabelledLines } from '../src/node/index.js';
import { fixture, rejection } from './helpers.js';

describe('readLabelledLines: well-formed files', () => {
  it('reads label and sentence with 1-based line numbers', async () => {
    const r = await readLabelledLines(fixture('tiny.dev'));
    expect(r.lines).toEqual([
      { label: '1', text: 'tedious film', line: 1 },
      { label: '0', text: 'moving work', line: 2 },
      { label: '2', text: 'who ?', line: 3 },
    ]);
    expect(r.labelFormat).toBe('integer');
    expect(r.skipped).toEqual([]);
  });
  it('handles CRLF line ends, UTF-8 text and trailing blank lines', async () => {
    const r = await readLabelledLines(fixture('utf8-crlf.txt'));
    expect(r.lines.map((l) => l.text)).toEqual(['café au lait', 'plain ascii', 'naïve']);
  });
  it('drops a UTF-8 byte-order mark', async () => {
    const r = await readLabelledLines(fixture('bom.txt'));
    expect(r.lines[0]).toEqual({ label: '0', text: 'with a bom', line: 1 });
  });
  it('reads token labels such as TREC COARSE:fine', async () => {
    const r = await readLabelledLines(fixture('tokens.train'));
    expect(r.labelFormat).toBe('token');
    expect(r.lines.map((l) => l.label)).toEqual(['POS:good', 'NEG:bad', 'POS:good', 'NEG:bad']);
  });
  it('decodes windows-1252 when asked', async () => {
    const r = await readLabelledLines(fixture('latin1.txt'), { encoding: 'windows-1252' });
    expect(r.lines.map((l) => l.text)).toEqual(['café au lait', 'plain ascii', 'naïve']);
  });
});

describe('readLabelledLines: malformed files', () => {
  it.each([
    ['latin1.txt', 1, 'encoding', /latin1\.txt:1: not UTF-8: byte 0xe9 at column 6/],
    ['no-label.txt', 3, 'no-label', /no-label\.txt:3: no label: expected an integer label first, got "fine"/],
    ['empty-sentence.txt', 2, 'empty-sentence', /empty-sentence\.txt:2: empty sentence: label "1" has no text after it/],
    ['blank-line.txt', 2, 'blank-line', /blank-line\.txt:2: blank line/],
    ['leading-space.txt', 1, 'no-label', /leading-space\.txt:1: no label: the line starts with whitespace/],
  ])('%s: strict reading throws a DataError with file and line', async (name, line, problem, message) => {
    const err = await rejection(readLabelledLines(fixture(name)));
    expect(err).toBeInstanceOf(DataError);
    expect(err.file).toBe(fixture(name));
    expect(err.line).toBe(line);
    expect(err.problem).toBe(problem);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/pass lenient: true/);
  });
  it('lenient reading skips and lists the bad lines', async () => {
    const r = await readLabelledLines(fixture('latin1.txt'), { lenient: true });
    expect(r.lines.map((l) => l.line)).toEqual([2]);
    expect(r.skipped.map((s) => [s.line, s.problem])).toEqual([[1, 'encoding'], [3, 'encoding']]);
    const n = await readLabelledLines(fixture('no-label.txt'), { lenient: true });
    expect(n.lines.map((l) => l.label)).toEqual(['0', '1', '1']);
    expect(n.skipped).toHaveLength(1);
  });
  it('with labelFormat "token" a first word is taken as the label', async () => {
    const r = await readLabelledLines(fixture('no-label.txt'), { labelFormat: 'token' });
    expect(r.lines[2]).toEqual({ label: 'fine', text: 'words without a label', line: 3 });
  });
  it('a missing file is a DataError naming it', async () => {
    const err = await rejection(readLabelledLines(fixture('nope.txt')));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/nope\.txt: cannot read the file: no such file/);
  });
  it('validates its options', async () => {
    await expect(readLabelledLines(fixture('tiny.dev'), { encoding: 'latin9' as never })).rejects.toThrow(/Invalid encoding: got "latin9"; expected one of "utf-8", "windows-1252"/);
  });
});
