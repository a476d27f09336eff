// Median step time per backend in headless Chromium: MNIST small CNN (Input Mixup) and TREC Kim CNN
// (WordMixup), Mixup vs + AMP, one run at a time. Needs the built page (npm run build).
// Mixup and + AMP alternate for `rounds` rounds; each cell is the median over the rounds' medians.
// Usage: node scripts/step-times.mjs [steps=12] [backends=wasm,webgl,cpu,webgpu] [rounds=1]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, runPage } from './chromium.mjs';
import { serveStatic } from './serve.mjs';

const steps = Number(process.argv[2] ?? 12);
const backends = (process.argv[3] ?? 'wasm,webgl,cpu,webgpu').split(',');
const rounds = Number(process.argv[4] ?? 1);
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const { url, server } = await serveStatic(dist);
const { ctx, close } = await launchChromium();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`median step time (ms) over steps 3..${steps}, batch 32 (MNIST) / 50 (TREC), headless Chromium, one run at a time, ${rounds} round(s)`);
for (const backend of backends) {
  for (const [task, name] of [['mnist-input-mixup', 'MNIST small CNN, Input Mixup'], ['trec-word-mixup', 'TREC Kim CNN, WordMixup']]) {
    const times = { mixup: [], amp: [] };
    let error = null;
    for (let round = 0; round < rounds && !error; round++) {
      for (const only of ['mixup', 'amp']) {
        const { page, runs } = await runPage(ctx, url, `task=${task}&backend=${backend}&steps=${steps}&seed=0&only=${only}`);
        await page.close();
        const r = runs[0];
        if (r.error) error = r.error;
        else times[only].push(median(r.steps.slice(2).map((s) => s.ms)));
        if (error) break;
      }
    }
    const cells = error ? [`error: ${error}`] : [median(times.mixup).toFixed(1), median(times.amp).toFixed(1)];
    console.log(`${backend}\t${name}\tMixup ${cells[0]}\t+AMP ${cells[1] ?? '-'}`);
  }
}
await close();
server.close();
