import { defineConfig, type Options } from 'tsup';

/**
 * The build every package shares: ESM + CJS + .d.ts for Node 20, with TensorFlow.js and the other
 * @ampmix packages left external. `extra` adds per-package settings (e.g. `shims` for import.meta.url).
 */
export function packageBuild(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    external: [/^@tensorflow\//, /^@ampmix\//],
    ...extra,
  });
}

/** An example's build: ESM only (its run.mjs imports it, and it imports the built packages). */
export function exampleBuild(entry: Record<string, string> = { index: 'src/index.ts' }) {
  return packageBuild(entry, { format: ['esm'] });
}
