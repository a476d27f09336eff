import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tools/pack-check/lib → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Every publishable package under packages/: `{ name, dir, manifest }`, sorted by folder. */
export function publishablePackages(root = REPO_ROOT) {
  const base = join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(base, e.name, 'package.json')))
    .map((e) => {
      const dir = join(base, e.name);
      return { name: readJson(join(dir, 'package.json')).name, dir, manifest: readJson(join(dir, 'package.json')) };
    })
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The README files whose code blocks are tested: the root's, then packages/* and examples/*. */
export function readmeFiles(root = REPO_ROOT) {
  const files = [join(root, 'README.md')];
  for (const group of ['packages', 'examples']) {
    for (const e of readdirSync(join(root, group), { withFileTypes: true })) {
      const f = join(root, group, e.name, 'README.md');
      if (e.isDirectory() && existsSync(f)) files.push(f);
    }
  }
  return files;
}

/** Parsed JSON of a file. */
export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
