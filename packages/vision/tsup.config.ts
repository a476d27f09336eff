import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {"index": "src/index.ts"},
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // the MNIST loader uses import.meta.url (createRequire); shims make it work in the CJS build too
  shims: true,
  external: [/^@tensorflow\//, /^@ampmix\//],
});
