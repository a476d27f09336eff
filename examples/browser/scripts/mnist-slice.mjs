// Writes src/generated/mnist-slice.bin: a stratified, seeded slice of the `mnist` package's digits for the page
// (labels: N bytes, then pixels: N × 784 bytes, 0–255). Run at build time; the worker imports its URL.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mnistDigits } from '@ampmix/vision/mnist';
import { splitDigits } from '@ampmix/vision';

const N = Number(process.argv[2] ?? 2000);
const { train } = splitDigits(mnistDigits(), { seed: 0, trainSize: N, testSize: 1 });
const out = new Uint8Array(N * 785);
out.set(train.labels, 0);
for (let i = 0; i < N * 784; i++) out[N + i] = Math.round(train.pixels[i] * 255);
const dir = new URL('../src/generated/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('mnist-slice.bin', dir), out);
console.log(`src/generated/mnist-slice.bin: ${N} digits, ${out.length} bytes`);
