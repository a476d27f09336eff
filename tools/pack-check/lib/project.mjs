import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from './exec.mjs';

/** The tfjs packages every outside project installs from the registry (the version the packages are tested with). */
export const TFJS = ['@tensorflow/tfjs@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'];

/**
 * Creates an empty ESM project in `dir` and installs `specs` (tarball paths and registry specs) the way a
 * user would. Returns the install output (stdout + stderr) and its duration.
 */
export function createProject(dir, specs) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'ampmix-outside', private: true, type: 'module' }, null, 2)}\n`);
  const r = runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], { cwd: dir, timeoutMs: 600_000 });
  return { output: r.output, ms: r.ms };
}

/** Every package name in an `npm ls --all --json` tree (recursively, deduplicated). */
export function treeNames(tree) {
  const names = new Set();
  const walk = (deps) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (node && node.version) names.add(name);
      walk(node?.dependencies);
    }
  };
  walk(tree.dependencies);
  return [...names].sort();
}
