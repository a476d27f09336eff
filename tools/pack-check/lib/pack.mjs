import { join } from 'node:path';
import { runOk } from './exec.mjs';
import { publishablePackages, REPO_ROOT } from './repo.mjs';

/**
 * `npm pack` of every publishable package under packages/ (one npm call) into `destDir`.
 * Returns `[{ name, dir, manifest, tarball, files }]` (`files`: the paths inside the tarball).
 */
export function packAll(destDir, root = REPO_ROOT) {
  const packages = publishablePackages(root);
  const args = ['pack', '--json', '--pack-destination', destDir, ...packages.flatMap((p) => ['--workspace', p.dir])];
  const { stdout } = runOk('npm', args, { cwd: root });
  const packed = JSON.parse(stdout);
  return packages.map((p) => {
    const entry = packed.find((e) => e.name === p.name);
    if (!entry) throw new Error(`npm pack printed no entry for ${p.name}`);
    return { ...p, tarball: join(destDir, entry.filename), files: entry.files.map((f) => f.path) };
  });
}
