// Median step time per backend in headless Chromium, Mixup vs + AMP, printed as a Markdown table: the MNIST
// small CNN (Input Mixup, CutMix) and the TREC Kim CNN (WordMixup). Needs the built page (npm run build).
// Each run is one page with one worker (`only=mixup|amp`), evaluated on dev only at the end (not timed).
// Mixup and + AMP are interleaved: `rounds` rounds, each runs both (the order alternates between rounds);
// a cell is the median over rounds of each run's median step time over steps 3..steps, and the ratio is
// the median of the rounds' + AMP / Mixup ratios.
// Usage: node scripts/step-times.mjs [steps=12] [backends=wasm,webgl,cpu,webgpu] [rounds=1]
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, launchChromium, runPage } from './chromium.mjs';
import { serveStatic } from './serve.mjs';

const steps = Number(process.argv[2] ?? 12);
const backends = (process.argv[3] ?? 'wasm,webgl,cpu,webgpu').split(',');
const rounds = Number(process.argv[4] ?? 1);
if (!(steps >= 3) || !(rounds >= 1)) throw new Error(`usage: step-times.mjs [steps >= 3] [backends] [rounds >= 1]; got ${steps} ${rounds}`);
const TASKS = [
  ['mnist-input-mixup', 'MNIST small CNN', 'Input Mixup'],
  ['mnist-cutmix', 'MNIST small CNN', 'CutMix'],
  ['trec-word-mixup', 'TREC Kim CNN', 'WordMixup'],
];
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const { url, server } = await serveStatic(dist);
const { ctx, close } = await launchChromium();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// the browser and its WebGL renderer, for the table's caption
const probe = await ctx.newPage();
await probe.goto(`${url}?`);
const env = await probe.evaluate(async () => {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const adapter = 'gpu' in navigator ? await navigator.gpu.requestAdapter().catch(() => null) : null;
  return { renderer: gl ? gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL2', isolated: crossOriginIsolated, webgpu: 'gpu' in navigator ? (adapter ? 'an adapter' : 'navigator.gpu but no adapter') : 'no navigator.gpu' };
});
await probe.close();
const chrome = ctx.browser()?.version() ?? '(version unknown)';

const rows = [];
const lines = {};
for (const backend of backends) {
  let backendError = null;
  for (const [task, model, method] of TASKS) {
    if (backendError) break;
    const times = { mixup: [], amp: [] };
    const ratios = [];
    for (let round = 0; round < rounds && !backendError; round++) {
      const order = round % 2 ? ['amp', 'mixup'] : ['mixup', 'amp'];
      const got = {};
      for (const only of order) {
        const { page, runs } = await runPage(ctx, url, `task=${task}&backend=${backend}&steps=${steps}&eval=${steps}&seed=0&only=${only}`);
        await page.close();
        const r = runs[0];
        if (r.error) {
          backendError = r.error;
          break;
        }
        lines[backend] ??= r.backendLine;
        got[only] = median(r.steps.slice(2).map((s) => s.ms));
        times[only].push(got[only]);
        process.stderr.write(`${backend} ${task} ${only} round ${round + 1}: ${got[only].toFixed(1)} ms\n`);
      }
      if (got.mixup && got.amp) ratios.push(got.amp / got.mixup);
    }
    if (backendError) rows.push(`| ${backend} | — | error: ${backendError.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} | | |`);
    else rows.push(`| ${backend} | ${model}, ${method} | ${median(times.mixup).toFixed(1)} | ${median(times.amp).toFixed(1)} | ${median(ratios).toFixed(2)} |`);
  }
}
await close();
server.close();

console.log(`Median step time (ms) over steps 3–${steps}, batch 32 (MNIST) / 50 (TREC), ${rounds} round(s) of Mixup and + AMP interleaved, one run at a time.`);
console.log(`Headless Chromium ${chrome} (${CHROMIUM_ARGS.filter((a) => a === '--disable-gpu').join(' ')}; WebGL renderer: ${env.renderer}; cross-origin isolated: ${env.isolated}; WebGPU: ${env.webgpu}), ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}.`);
for (const [b, l] of Object.entries(lines)) console.log(`${b}: ${l.replace(/^\[ampmix\] /, '')}`);
console.log('');
console.log('| backend | model, method | Mixup (ms/step) | + AMP (ms/step) | + AMP / Mixup |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
