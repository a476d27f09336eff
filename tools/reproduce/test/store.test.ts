import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../lib/store.mjs';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'store-')), 'sub', 'results.jsonl');

describe('JSONL run store', () => {
  it('appends lines, skips stored keys and reads them back after reopening', () => {
    const path = tmp();
    const s = new RunStore(path);
    expect(s.size).toBe(0);
    expect(s.append({ key: 'a', result: { testError: 0.1 } })).toBe(true);
    expect(s.append({ key: 'b', result: { testError: 0.2 } })).toBe(true);
    expect(s.append({ key: 'a', result: { testError: 0.9 } })).toBe(false);
    const again = new RunStore(path);
    expect(again.size).toBe(2);
    expect(again.has('a') && again.has('b')).toBe(true);
    expect(again.byKey.get('a').result.testError).toBe(0.1);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('cuts a partial last line left by an interrupted write, and appends cleanly after it', () => {
    const path = tmp();
    new RunStore(path).append({ key: 'a' });
    appendFileSync(path, '{"key":"b","resu');
    const s = new RunStore(path);
    expect(s.repaired).toBe(16);
    expect(s.size).toBe(1);
    s.append({ key: 'c' });
    expect(readFileSync(path, 'utf8')).toBe('{"key":"a"}\n{"key":"c"}\n');
  });

  it('counts and ignores duplicate keys (the first wins)', () => {
    const path = tmp();
    new RunStore(path);
    writeFileSync(path, '{"key":"a","v":1}\n{"key":"a","v":2}\n\n{"key":"b"}\n');
    const s = new RunStore(path);
    expect(s.duplicates).toBe(1);
    expect(s.size).toBe(2);
    expect(s.byKey.get('a').v).toBe(1);
  });

  it('names the line of a corrupted record', () => {
    const path = tmp();
    new RunStore(path);
    writeFileSync(path, '{"key":"a"}\nnot json\n');
    expect(() => new RunStore(path)).toThrow(/results\.jsonl:2: not a JSON line/);
    writeFileSync(path, '{"nokey":1}\n');
    expect(() => new RunStore(path)).toThrow(/:1: a record without a "key"/);
  });
});
