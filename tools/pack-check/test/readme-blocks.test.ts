import { describe, expect, it } from 'vitest';
import { codeBlocks } from '../lib/readme-blocks.mjs';

describe('codeBlocks', () => {
  it('finds js and ts fences with their line, skips other languages, and reads the not-run marker', () => {
    const md = [
      '# t', '```js', 'console.log(1);', '```', '```sh', 'npm i', '```',
      '<!-- not run: needs a GPU -->', '', '```ts', 'const x: number = 1;', '```',
      '~~~javascript', 'a()', '~~~', '```', 'plain', '```',
    ].join('\n');
    expect(codeBlocks(md)).toEqual([
      { lang: 'js', line: 2, code: 'console.log(1);', notRun: null },
      { lang: 'ts', line: 10, code: 'const x: number = 1;', notRun: 'needs a GPU' },
      { lang: 'js', line: 13, code: 'a()', notRun: null },
    ]);
  });

  it('a marker applies only to the block right after it', () => {
    const md = ['<!-- not run: x y z -->', 'text between', '```js', 'f()', '```'].join('\n');
    expect(codeBlocks(md)[0].notRun).toBeNull();
  });
});
