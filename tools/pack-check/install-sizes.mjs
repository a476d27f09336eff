#!/usr/bin/env node
// Prints, for every publishable package, what installing it alone (with the tfjs peer) brings: its direct
// dependencies, the number of packages in node_modules and their size on disk. Not a test: a measurement.
// Usage: node tools/pack-check/install-sizes.mjs [name ...]   (after `npm run build`; uses npm pack + npm install)
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll } from './lib/pack.mjs';
import { createProject, TFJS, treeNames } from './lib/project.mjs';
import { runOk } from './lib/exec.mjs';

function diskBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += diskBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'ampmix-sizes-'));
try {
  mkdirSync(join(work, 'tarballs'));
  const packed = packAll(join(work, 'tarballs'));
  const tarballOf = new Map(packed.map((p) => [p.name, p.tarball]));
  // the tfjs peer alone, to subtract
  const base = join(work, 'tfjs-only');
  createProject(base, TFJS);
  const baseNames = new Set(treeNames(JSON.parse(runOk('npm', ['ls', '--all', '--json'], { cwd: base }).stdout)));
  const baseBytes = diskBytes(join(base, 'node_modules'));
  console.log(`tfjs peer alone (${TFJS.join(' ')}): ${baseNames.size} packages, ${(baseBytes / 1e6).toFixed(1)} MB`);
  console.log('| package | direct dependencies | packages installed besides tfjs | size besides tfjs |');
  console.log('|---|---|---|---|');
  for (const p of packed) {
    if (only.length && !only.includes(p.name)) continue;
    const dir = join(work, p.name.replace(/[@/]/g, '_'));
    // local @ampmix dependencies come from their tarballs, the rest from the registry
    const closure = new Set([p.name]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const q of packed) if (closure.has(q.name)) for (const d of Object.keys(q.manifest.dependencies ?? {})) if (tarballOf.has(d) && !closure.has(d)) (closure.add(d), (grew = true));
    }
    createProject(dir, [...TFJS, ...[...closure].map((n) => tarballOf.get(n))]);
    const names = treeNames(JSON.parse(runOk('npm', ['ls', '--all', '--json'], { cwd: dir }).stdout)).filter((n) => !baseNames.has(n));
    const bytes = diskBytes(join(dir, 'node_modules')) - baseBytes;
    const deps = Object.entries(p.manifest.dependencies ?? {}).map(([n, v]) => `${n}@${v}`).join(', ') || '—';
    console.log(`| \`${p.name}\` | ${deps} | ${names.length} | ${(bytes / 1e6).toFixed(1)} MB |`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
