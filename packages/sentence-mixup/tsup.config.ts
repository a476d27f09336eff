import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {"index": "src/index.ts"},
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // import.meta.url in the CommonJS build: the datasets folder is found relative to this package's file
  shims: true,
  external: [/^@tensorflow\//, /^@ampmix\//],
});
