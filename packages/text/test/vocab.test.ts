import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { encodeSentences, paddingMask, Vocab } from '../src/index.js';

describe('Vocab', () => {
  const sentences = [['b', 'a', 'c'], ['a', 'b'], ['a', 'd']];
  it('puts PAD at 0, UNK at 1, then words by frequency (ties in code-unit order)', () => {
    const v = Vocab.build(sentences);
    // counts: a 3, b 2, c 1, d 1
    expect(v.words).toEqual(['<pad>', '<unk>', 'a', 'b', 'c', 'd']);
    expect(v.size).toBe(6);
    expect([v.indexOf('a'), v.indexOf('b'), v.indexOf('c'), v.indexOf('d')]).toEqual([2, 3, 4, 5]);
    expect(Vocab.PAD).toBe(0);
    expect(Vocab.UNK).toBe(1);
  });
  it('maps unknown words (and the literal reserved names) to UNK', () => {
    const v = Vocab.build(sentences);
    expect(v.indexOf('zebra')).toBe(Vocab.UNK);
    expect(v.indexOf('<pad>')).toBe(Vocab.UNK);
    expect(v.has('<unk>')).toBe(false);
  });
  it('drops words below minFreq', () => {
    const v = Vocab.build(sentences, { minFreq: 2 });
    expect(v.words).toEqual(['<pad>', '<unk>', 'a', 'b']);
    expect(v.indexOf('c')).toBe(Vocab.UNK);
  });
  it('is deterministic whatever the sentence order', () => {
    expect(Vocab.build([...sentences].reverse()).words).toEqual(Vocab.build(sentences).words);
  });
  it('rejects a bad minFreq and duplicate words', () => {
    expect(() => Vocab.build(sentences, { minFreq: 0 })).toThrow(/Invalid minFreq: got 0; expected an integer ≥ 1/);
    expect(() => new Vocab(['a', 'a'])).toThrow(OptionError);
  });
});

describe('encodeSentences', () => {
  const v = new Vocab(['the', 'film', 'is']);
  it('pads at the end with 0 and truncates at the end', () => {
    const e = encodeSentences([['the', 'film'], ['the', 'film', 'is', 'dull', 'the']], v, 4);
    expect(Array.from(e.ids)).toEqual([2, 3, 0, 0, 2, 3, 4, 1]);
    expect(Array.from(e.lengths)).toEqual([2, 4]);
    expect(e.truncated).toBe(1);
  });
  it('paddingMask marks tokens', () => {
    expect(Array.from(paddingMask(Int32Array.from([2, 1, 0, 0])))).toEqual([1, 1, 0, 0]);
  });
});
