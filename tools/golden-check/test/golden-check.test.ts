import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tool = fileURLToPath(new URL('../index.mjs', import.meta.url));
const golden = fileURLToPath(new URL('../../../packages/core/test/fixtures/amp-step-golden.json', import.meta.url));

describe('tools/golden-check (built @ampmix/core)', () => {
  it('prints 32/32 on the shipped golden file and exits 0', () => {
    const out = execFileSync(process.execPath, [tool, golden], { encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toBe('32/32 cases within 0.0001');
  });

  it('reports a tampered case and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-'));
    const file = join(dir, 'bad.json');
    const text = readFileSync(golden, 'utf8');
    // change the expected loss of the first case
    const first = text.indexOf('"loss": ', text.indexOf('"expected"'));
    const end = text.indexOf(',', first);
    writeFileSync(file, `${text.slice(0, first)}"loss": 123.0${text.slice(end)}`);
    const r = spawnSync(process.execPath, [tool, file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^case 0 \(site=input loss=softmax-ce epsilon=0.002 clip=true reweight=false\): loss=/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('31/32 cases within 0.0001');
  });

  it('a missing file is one clear line and exit 2', () => {
    const r = spawnSync(process.execPath, [tool, '/nonexistent/golden.json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/golden-check: cannot read \/nonexistent\/golden.json/);
  });
});
