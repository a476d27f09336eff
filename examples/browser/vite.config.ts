import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) lets the wasm backend run its threaded SIMD build.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  base: './',
  // tfjs-backend-wasm starts its threads from the source text of a function (Function.prototype.toString):
  // minifying that code (renames, dropped typeof guards) breaks it, so the worker bundle is not minified
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: isolation },
  preview: { headers: isolation },
});
