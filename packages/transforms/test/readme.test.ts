import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README's code blocks run as written (against the built packages, as a user runs them).
const dir = path.dirname(fileURLToPath(new URL('../package.json', import.meta.url)));
const blocks = [...fs.readFileSync(path.join(dir, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README', () => {
  it('has a code block', () => expect(blocks.length).toBeGreaterThanOrEqual(1));
  blocks.forEach((code, i) => {
    it(`code block ${i + 1} runs with node`, () => {
      const file = path.join(dir, `.readme-block-${i + 1}.mjs`);
      fs.writeFileSync(file, `${code}\n`);
      try {
        const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
        if (i === 0) expect(out.trim().split('\n')).toEqual(['2', '[ 8, 8, 8, 1 ] [ 8, 4 ]']);
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
  });
});
