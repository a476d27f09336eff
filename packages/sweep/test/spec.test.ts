import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shortHash } from '../src/canonical.js';
import { canonicalJson, expandGrid, resolveGridSpec, runKey } from '../src/index.js';
import { blobsSpec } from './helpers.js';

describe('grid spec and run keys', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":3,"z":2}]},"b":1}');
    expect(() => canonicalJson({ x: NaN })).toThrow(/NaN has no JSON form/);
  });

  it('the pure-JS SHA-256 of run keys equals node:crypto’s, so keys of existing stores stay the same', () => {
    const texts = ['', 'abc', '{"params":{"lr":0.1},"shared":{"steps":8}}', 'λ′ — ünïcode 🙂', 'x'.repeat(1000)];
    for (const t of texts) {
      const full = createHash('sha256').update(t).digest('hex');
      expect(shortHash(t, 64)).toBe(full);
      expect(shortHash(t)).toBe(full.slice(0, 12));
    }
    // the FIPS 180-2 test vector of "abc"
    expect(shortHash('abc', 64)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('run keys are the ones the node:crypto build gave (regression values)', () => {
    // printed by expandGrid / runKey on the code before the move to @noble/hashes (commit 6625423, node:crypto)
    const spec: GridSpec = {
      name: 'reg',
      runner: '/x.mjs',
      shared: { steps: 50 },
      configurations: [{ id: 'base', params: { lr: 0.01, variant: 'amp', nested: { b: [1, 2], a: 'x' } } }, { id: 'noParams' }],
      seeds: [0, 1],
      fractions: [0.1, 1],
    };
    expect(expandGrid(spec).map((r) => r.key)).toEqual([
      'base|s0|f0.1|k-|05ee9f76eacd', 'noParams|s0|f0.1|k-|7b790a879e8a', 'base|s0|f1|k-|05ee9f76eacd', 'noParams|s0|f1|k-|7b790a879e8a',
      'base|s1|f0.1|k-|05ee9f76eacd', 'noParams|s1|f0.1|k-|7b790a879e8a', 'base|s1|f1|k-|05ee9f76eacd', 'noParams|s1|f1|k-|7b790a879e8a',
    ]);
    expect(runKey({ id: 'c', params: { alpha: 0.2 } }, 7, 0.5, 3, { dataset: 'trec', épochs: 'ü' })).toBe('c|s7|f0.5|k3|f4b776365bd0');
  });

  it('a run key depends on the values, not on the order of the keys', () => {
    const a = runKey({ id: 'c', params: { lr: 0.1, hidden: 4 } }, 1, 0.5, null, { steps: 8, batch: 16 });
    const b = runKey({ id: 'c', params: { hidden: 4, lr: 0.1 } }, 1, 0.5, null, { batch: 16, steps: 8 });
    expect(a).toBe(b);
    expect(a).toMatch(/^c\|s1\|f0\.5\|k-\|[0-9a-f]{12}$/);
    expect(runKey({ id: 'c', params: { lr: 0.2, hidden: 4 } }, 1, 0.5, null, { steps: 8, batch: 16 })).not.toBe(a);
    expect(runKey({ id: 'c', params: { lr: 0.1, hidden: 4 } }, 1, 0.5, 3, { steps: 8, batch: 16 })).toMatch(/\|k3\|/);
    expect(a).not.toContain(':'); // BullMQ job ids cannot hold ':'
  });

  it('expands configurations × seeds × fractions × folds, the configurations of one pairing together', () => {
    const runs = expandGrid({ ...blobsSpec('g'), seeds: [1, 2], fractions: [1, 0.5], folds: [0, 1] });
    expect(runs).toHaveLength(2 * 2 * 2 * 2);
    expect(new Set(runs.map((r) => r.key)).size).toBe(16);
    expect(runs.slice(0, 2).map((r) => [r.configuration, r.seed, r.fraction, r.fold])).toEqual([['wide', 1, 1, 0], ['narrow', 1, 1, 0]]);
    expect(runs[0].shared).toEqual({ steps: 8 });
  });

  it('names the option, the value and the valid range of a bad spec', () => {
    const ok = blobsSpec('g');
    expect(() => resolveGridSpec({ ...ok, seeds: [1, 1] })).toThrow(/Invalid seeds: got \[1,1\]; expected no repeated values/);
    expect(() => resolveGridSpec({ ...ok, fractions: [0] })).toThrow(/Invalid fractions\[0\]: got 0; expected a number in \(0, 1\]/);
    expect(() => resolveGridSpec({ ...ok, name: 'a|b' })).toThrow(/Invalid name: got "a\|b"/);
    expect(() => resolveGridSpec({ ...ok, configurations: [{ id: 'x', baseline: 'y' }] })).toThrow(/Invalid configurations\[0\]\.baseline: got "y"/);
    expect(() => resolveGridSpec({ ...ok, seed: [1] } as never)).toThrow(/spec option "seed"/);
    expect(resolveGridSpec(ok).metric).toBe('testError');
  });
});
