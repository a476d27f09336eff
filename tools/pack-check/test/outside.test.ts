import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run } from '../lib/exec.mjs';
import { treeNames } from '../lib/project.mjs';
import { REPO_ROOT } from '../lib/repo.mjs';

const pack = inject('pack');

describe('installed from the tarballs, outside the repository', () => {
  it('the projects live outside the repository', () => {
    for (const dir of [pack.full, pack.minimal]) {
      expect(relative(REPO_ROOT, dir).startsWith('..')).toBe(true);
      expect(existsSync(join(dir, 'node_modules', '@ampmix'))).toBe(true);
    }
    console.log(`pack ${(pack.ms.pack / 1000).toFixed(1)} s, install: full ${(pack.ms.full / 1000).toFixed(1)} s, minimal ${(pack.ms.minimal / 1000).toFixed(1)} s`);
  });

  it('npm install prints no EBADENGINE warning', () => {
    expect(pack.installOutput.full).not.toMatch(/EBADENGINE/);
    expect(pack.installOutput.minimal).not.toMatch(/EBADENGINE/);
  });

  it('every tarball ships its README', () => {
    const missing = pack.packages.filter((p) => !p.files.includes('README.md')).map((p) => p.name);
    expect(missing).toEqual([]);
  });

  it('npx ampmix --help exits 0', () => {
    const r = run('npx', ['--no-install', 'ampmix', '--help'], { cwd: pack.full });
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain('Usage: ampmix');
  });

  it('npx ampmix train --dataset trec --steps 20 exits 0 (the shipped TREC, found through @ampmix/datasets)', () => {
    const out = join(pack.root, 'runs', 'trec');
    const r = run('npx', ['--no-install', 'ampmix', 'train', '--dataset', 'trec', '--steps', '20', '--embedding-dim', '50', '--num-filters', '20',
      '--progress', 'none', '--out', out], { cwd: pack.full });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/test error \d+\.\d+%/);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toBeTypeOf('object');
  });

  it('npx ampmix train --dataset mnist --variant cutmix --amp --steps 5 exits 0', () => {
    const out = join(pack.root, 'runs', 'mnist');
    const r = run('npx', ['--no-install', 'ampmix', 'train', '--dataset', 'mnist', '--variant', 'cutmix', '--amp', '--steps', '5',
      '--progress', 'none', '--out', out], { cwd: pack.full });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/cutmix\+amp \(seed 0\): test error \d+\.\d+%/);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });
});

// every entry point of every package: `.` and each subpath export (the `./data/*` files are checked below)
const entries = pack.packages.map((p) => ({
  name: p.name,
  specifiers: Object.keys(p.exports).filter((k) => k !== './package.json' && !k.includes('*')).map((k) => (k === '.' ? p.name : `${p.name}${k.slice(1)}`)),
}));

const listExports = (kind: 'esm' | 'cjs', specifiers: string[]) => {
  const body = `const out = {}; for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(${kind === 'esm' ? 'await import(s)' : 'require(s)'}).sort(); console.log(JSON.stringify(out));`;
  const r = kind === 'esm'
    ? run('node', ['--input-type=module', '-e', body], { cwd: pack.full })
    : run('node', ['--input-type=commonjs', '-e', `(async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`], { cwd: pack.full });
  expect(r.status, r.output).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, string[]>;
};

describe.each(entries)('$name loads with import and require', ({ specifiers }) => {
  it(`${specifiers.join(', ')}: the same non-empty exports through ESM import and CommonJS require`, () => {
    const esm = listExports('esm', specifiers);
    const cjs = listExports('cjs', specifiers);
    for (const s of specifiers) {
      expect(esm[s].length, s).toBeGreaterThan(0);
      expect(cjs[s], s).toEqual(esm[s]);
    }
  });
});

describe('@ampmix/datasets/data/<file>', () => {
  it('every shipped file resolves through the package and matches its SHA-256', () => {
    const r = run('node', ['--input-type=module', '-e', `
      import { DATASET_FILES } from '@ampmix/datasets';
      console.log(JSON.stringify(Object.entries(DATASET_FILES).map(([f, want]) => [f, import.meta.resolve('@ampmix/datasets/data/' + f), want])));`], { cwd: pack.full });
    expect(r.status, r.output).toBe(0);
    const files = JSON.parse(r.stdout) as [string, string, { sha256: string; bytes: number }][];
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const [, url, want] of files) {
      const bytes = readFileSync(new URL(url));
      expect({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual(want);
    }
  });
});

describe('a project holding only @ampmix/trainer + @ampmix/input-mixup', () => {
  it('npm ls --all lists no vega, resvg, mnist or other @ampmix package', () => {
    const r = run('npm', ['ls', '--all', '--json'], { cwd: pack.minimal });
    expect(r.status, r.output).toBe(0);
    const names = treeNames(JSON.parse(r.stdout));
    expect(names).toEqual(expect.arrayContaining(['@ampmix/core', '@ampmix/input-mixup', '@ampmix/trainer', '@tensorflow/tfjs']));
    const allowed = new Set(['@ampmix/core', '@ampmix/input-mixup', '@ampmix/trainer']);
    const unwanted = names.filter((n) => /vega|resvg|^mnist$|^d3-/.test(n) || (n.startsWith('@ampmix/') && !allowed.has(n)));
    expect(unwanted).toEqual([]);
    const lines = run('npm', ['ls', '--all'], { cwd: pack.minimal }).stdout.trim().split('\n').length;
    console.log(`trainer + input-mixup: ${names.length} packages, npm ls --all: ${lines} lines`);
  });

  it('trains there: train() of @ampmix/trainer with inputMixup() + AMP', () => {
    const r = run('node', ['--input-type=module', '-e', `
      import * as tf from '@tensorflow/tfjs';
      import { createMlp } from '@ampmix/core';
      import { gaussianBlobs } from '@ampmix/core/testing';
      import { inputMixup } from '@ampmix/input-mixup';
      import { train } from '@ampmix/trainer';
      await tf.setBackend('cpu');
      const data = gaussianBlobs(96, 1);
      const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 1 });
      const result = await train({ model, train: data, dev: gaussianBlobs(30, 2), method: inputMixup({ alpha: 1 }), amp: { epsilon: 0.002 }, steps: 10, batchSize: 16, progress: 'none' });
      console.log(JSON.stringify({ steps: result.steps }));`], { cwd: pack.minimal });
    expect(r.status, r.output).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ steps: 10 });
  });
});
