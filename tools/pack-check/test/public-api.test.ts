import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../lib/repo.mjs';
import { undocumentedExports } from '../lib/tsdoc.mjs';

const pack = inject('pack');

// the `types` file of an export's `import` condition, inside the installed package
const typesOf = (entry: unknown): string | null => {
  const e = entry as { import?: { types?: string } } | string;
  return typeof e === 'object' && e?.import?.types ? e.import.types : null;
};

describe('public API of the installed packages', () => {
  it('every export of every entry point has TSDoc', () => {
    const files = pack.packages.flatMap((p) => Object.entries(p.exports)
      .map(([, entry]) => typesOf(entry))
      .filter((t): t is string => t !== null)
      .map((t) => join(pack.full, 'node_modules', p.name, t)));
    expect(files.length).toBeGreaterThanOrEqual(pack.packages.length);
    const result = undocumentedExports(files);
    const missing = Object.entries(result).filter(([, r]) => r.missing.length).map(([f, r]) => `${f.replace(`${pack.full}/node_modules/`, '')}: ${r.missing.join(', ')}`);
    expect(missing, `exports without TSDoc:\n${missing.join('\n')}`).toEqual([]);
    for (const r of Object.values(result)) expect(r.count).toBeGreaterThan(0);
  });

  it('entry points name their exports (no `export *` in packages/*/src index files)', () => {
    const offenders: string[] = [];
    for (const pkg of readdirSync(join(REPO_ROOT, 'packages'))) {
      const src = join(REPO_ROOT, 'packages', pkg, 'src');
      let entries: string[];
      try {
        entries = ['index.ts', ...readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(d.name, 'index.ts'))];
      } catch {
        continue;
      }
      for (const e of entries) {
        let text: string;
        try {
          text = readFileSync(join(src, e), 'utf8');
        } catch {
          continue;
        }
        if (/^export \* from/m.test(text)) offenders.push(`packages/${pkg}/src/${e}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
