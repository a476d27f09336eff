// Issue 14 item 8: the committed docs change only with an explicit --docs.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../lib/args.mjs';

describe('where the report goes', () => {
  it('defaults to runs/, never to the committed docs', () => {
    for (const preset of ['smoke', 'small', 'paper']) {
      const c = parseCli(['--preset', preset]);
      expect(c.out).toBe(`runs/reproduce/${preset}/RESULTS.md`);
      expect(c.store).toBe(`runs/reproduce/${preset}/results.jsonl`);
    }
  });

  it('writes docs/RESULTS.md only with --docs', () => {
    expect(parseCli(['--preset', 'small', '--docs']).out).toBe('docs/RESULTS.md');
    expect(parseCli(['--preset', 'small', '--out', 'x/R.md']).out).toBe('x/R.md');
    expect(parseCli(['--preset', 'small', '--no-report']).out).toBeNull();
    expect(() => parseCli(['--preset', 'small', '--docs', '--out', 'x.md'])).toThrow(/--docs and --out both/);
    expect(() => parseCli(['--preset', 'small', '--docs', '--no-report'])).toThrow(/--docs and --no-report/);
  });
});
