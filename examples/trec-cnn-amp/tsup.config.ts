import { defineConfig } from 'tsup';

// run.mjs imports this build, which imports the built @ampmix/* packages.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: [/^@tensorflow\//, /^@ampmix\//],
});
