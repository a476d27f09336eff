import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run } from '../lib/exec.mjs';
import { codeBlocks } from '../lib/readme-blocks.mjs';
import { readmeFiles, REPO_ROOT } from '../lib/repo.mjs';

const pack = inject('pack');
const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// Every ```js / ```ts block of every README runs (js: node, as an ES module) or type-checks (ts: tsc --strict)
// in the outside project, in a folder of its own. A block that is not meant to run carries
// `<!-- not run: reason -->` just before it (see CONTRIBUTING.md).
const cases = readmeFiles().flatMap((file) =>
  codeBlocks(readFileSync(file, 'utf8')).map((block) => ({ ...block, file: relative(REPO_ROOT, file) })));

const slug = (file: string, line: number) => `${file.replace(/\W+/g, '-')}-${line}`;

describe('README code blocks', () => {
  it('there are blocks to test, and every exempt block says why', () => {
    expect(cases.filter((c) => !c.notRun).length).toBeGreaterThan(5);
    for (const c of cases.filter((b) => b.notRun !== null)) expect(c.notRun, `${c.file}:${c.line}`).toMatch(/\w{3}/);
  });

  it.each(cases.filter((c) => !c.notRun).map((c) => [`${c.file}:${c.line} (${c.lang})`, c] as const))('%s', (_title, { file, line, lang, code }) => {
    const dir = join(pack.full, 'readme-blocks', slug(file, line));
    mkdirSync(dir, { recursive: true });
    if (lang === 'js') {
      writeFileSync(join(dir, 'block.mjs'), code);
      const r = run('node', ['block.mjs'], { cwd: dir, timeoutMs: 200_000 });
      expect(r.status, `${file}:${line} failed:\n${r.output.slice(-4000)}`).toBe(0);
    } else {
      writeFileSync(join(dir, 'block.ts'), code.includes('import') || code.includes('export') ? code : `${code}\nexport {};\n`);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true,
          types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        },
        files: ['block.ts'],
      }));
      const r = run('node', [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 200_000 });
      expect(r.status, `${file}:${line} does not type-check:\n${r.output.slice(-4000)}`).toBe(0);
    }
  });
});
