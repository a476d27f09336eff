import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packAll } from '../lib/pack.mjs';
import { createProject, TFJS } from '../lib/project.mjs';

/** What the setup hands the tests (`inject('pack')`). */
export interface PackSetup {
  /** The temporary folder (under os.tmpdir()) holding the tarballs and both projects. */
  root: string;
  /** `{ name, dir, tarball, files, exports }` of every packed package. */
  packages: { name: string; dir: string; tarball: string; files: string[]; exports: Record<string, unknown> }[];
  /** The project with every tarball + tfjs; `npx ampmix` and the README blocks run here. */
  full: string;
  /** The project with only @ampmix/trainer + @ampmix/input-mixup (+ the @ampmix/core they depend on) + tfjs. */
  minimal: string;
  /** `npm install` output of each project. */
  installOutput: { full: string; minimal: string };
  /** Milliseconds: pack, and each install. */
  ms: { pack: number; full: number; minimal: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pack: PackSetup;
  }
}

// Packs every package and installs the tarballs into two fresh projects outside the repository, once for
// every test file. AMPMIX_PACK_KEEP=1 keeps the folder for a look afterwards; AMPMIX_PACK_REUSE=<that folder>
// runs the tests against it again without packing and installing (while editing READMEs: stale for code changes).
export default function setup(project: TestProject) {
  const reuse = process.env.AMPMIX_PACK_REUSE;
  if (reuse) {
    project.provide('pack', JSON.parse(readFileSync(join(reuse, 'setup.json'), 'utf8')) as PackSetup);
    return undefined;
  }
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ampmix-pack-')));
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  const t = performance.now();
  const packed = packAll(tarballs);
  const packMs = performance.now() - t;
  const tarball = (name: string) => packed.find((p) => p.name === name)!.tarball;

  const full = join(root, 'full');
  const f = createProject(full, [...packed.map((p) => p.tarball), ...TFJS]);
  // @ampmix/core is not on the registry: its tarball stands in for the dependency npm would fetch
  const minimal = join(root, 'minimal');
  const m = createProject(minimal, [tarball('@ampmix/trainer'), tarball('@ampmix/input-mixup'), tarball('@ampmix/core'), '@tensorflow/tfjs@4.22.0']);

  const provided: PackSetup = {
    root,
    packages: packed.map((p) => ({ name: p.name, dir: p.dir, tarball: p.tarball, files: p.files, exports: p.manifest.exports ?? {} })),
    full,
    minimal,
    installOutput: { full: f.output, minimal: m.output },
    ms: { pack: packMs, full: f.ms, minimal: m.ms },
  };
  writeFileSync(join(root, 'setup.json'), JSON.stringify(provided));
  project.provide('pack', provided);
  return () => {
    if (process.env.AMPMIX_PACK_KEEP !== '1') rmSync(root, { recursive: true, force: true });
  };
}
