import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraining } from '../src/run.js';
import type { RunSettings, StepReport } from '../src/run.js';
import { mnistTask } from '../src/tasks.js';
import { CHROMIUM, launchChromium, runPage as openPage } from '../scripts/chromium.mjs';
import { serveStatic } from '../scripts/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const outDir = join(root, 'test-output');

interface PageRun {
  label: string;
  backendLine: string;
  error: string | null;
  settings: RunSettings;
  steps: Omit<StepReport, 'absDelta'>[];
  evals: { step: number; devError: number }[];
  absDelta: number;
  done: { stopped: boolean; testError: number | null; numTensors: number; numTensorsBefore: number } | null;
}

let server: Server;
let url: string;
let browser: { ctx: BrowserContext; close(): Promise<void> } | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium); locally: apt-get update && apt-get install -y chromium`);
  }
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no built page: run \`npm run build\` in examples/browser (nx runs it before test)`);
  mkdirSync(outDir, { recursive: true });
  ({ url, server } = await serveStatic(dist));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the page with `query`, waits for every run to end, screenshots it, returns what the runs reported. */
async function runPage(query: string, shot: string): Promise<PageRun[]> {
  const { page, runs, errors } = await openPage(browser!.ctx, url, query);
  try {
    await page.waitForTimeout(300); // the last frame of the charts
    await page.screenshot({ path: join(outDir, shot), fullPage: true });
    expect(errors).toEqual([]);
    return runs as PageRun[];
  } finally {
    await page.close();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The checks every page run must pass: no error, finite numbers, the loss falls, the tensor count flat, none leaked. */
function checkRun(r: PageRun, backend: string): void {
  expect(r.error).toBeNull();
  expect(r.backendLine).toContain(`backend: ${backend}`);
  expect(r.done?.stopped).toBe(false);
  const n = r.settings.steps;
  expect(r.steps.map((s) => s.step)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  for (const s of r.steps) for (const v of [s.lossBefore, s.lossAfter, s.maskRate, s.meanAbsDeltaLambda, s.ms]) expect(Number.isFinite(v)).toBe(true);
  for (const e of r.evals) expect(e.devError).toBeGreaterThanOrEqual(0);
  const third = Math.max(1, Math.floor(n / 3));
  const losses = r.steps.map((s) => s.lossBefore);
  expect(mean(losses.slice(-third))).toBeLessThan(mean(losses.slice(0, third)));
  // flat once the first evaluation has stored the best-dev weights; nothing left after the run
  const after = r.steps.filter((s) => s.step > r.evals[0].step).map((s) => s.numTensors);
  expect(new Set(after).size).toBe(1);
  expect(r.done!.numTensors).toBe(r.done!.numTensorsBefore);
  if (r.settings.amp) {
    expect(r.absDelta).toBeGreaterThan(0);
    expect(r.steps.some((s) => s.meanAbsDeltaLambda > 0)).toBe(true);
  } else expect(r.steps.every((s) => s.lossAfter === s.lossBefore && s.maskRate === 0)).toBe(true);
}

describe('the page in headless Chromium', () => {
  it('wasm (threaded SIMD, cross-origin isolated): MNIST Input Mixup and + AMP side by side train', async () => {
    const runs = await runPage('task=mnist-input-mixup&backend=wasm&steps=24&seed=1', 'wasm-mnist.png');
    expect(runs.map((r) => r.label)).toEqual(['Input Mixup', 'Input Mixup + AMP']);
    for (const r of runs) {
      checkRun(r, 'wasm');
      expect(r.backendLine).toContain('threaded-simd');
    }
    // same seed: the same first batch, model and λ, so the same loss at λ on step 1
    expect(runs[0].steps[0].lossBefore).toBe(runs[1].steps[0].lossBefore);
  });

  it('wasm: TREC WordMixup + AMP with the Kim CNN trains on the shipped data', async () => {
    const [r] = await runPage('task=trec-word-mixup&backend=wasm&steps=15&seed=1&only=amp', 'wasm-trec.png');
    checkRun(r, 'wasm');
  });

  it('webgl (software-rendered): MNIST CutMix + AMP trains', async () => {
    const [r] = await runPage('task=mnist-cutmix&backend=webgl&steps=9&seed=1&only=amp', 'webgl-mnist.png');
    checkRun(r, 'webgl');
  });

  it('pause holds both runs, resume continues them, stop ends them, and the model downloads in the tf.io weights format', async () => {
    const page = await browser!.ctx.newPage();
    try {
      await page.goto(`${url}?task=mnist-input-mixup&backend=wasm&steps=400&seed=3&autostart=1`);
      const steps = () => page.evaluate(() => (globalThis as unknown as { __ampmix: { runs: { steps: unknown[] }[] } }).__ampmix.runs.map((r) => r.steps.length));
      await page.waitForFunction(() => (globalThis as unknown as { __ampmix: { runs: { steps: unknown[] }[] } }).__ampmix.runs.every((r) => r.steps.length >= 3), null, { timeout: 120_000 });
      await page.click('#pause');
      await page.waitForTimeout(1500); // a step in flight may still finish
      const held = await steps();
      await page.waitForTimeout(1500);
      expect(await steps()).toEqual(held);
      await page.click('#pause'); // now "Resume"
      await page.waitForFunction((h) => (globalThis as unknown as { __ampmix: { runs: { steps: unknown[] }[] } }).__ampmix.runs.every((r, i) => r.steps.length > h[i] + 2), held, { timeout: 120_000 });
      await page.click('#stop');
      await page.waitForFunction(() => (globalThis as unknown as { __ampmix: { runs: { done: unknown }[] } }).__ampmix.runs.every((r) => r.done), null, { timeout: 120_000 });
      const done = await page.evaluate(() => (globalThis as unknown as { __ampmix: { runs: { done: { stopped: boolean; numTensors: number; numTensorsBefore: number } }[] } }).__ampmix.runs.map((r) => r.done));
      for (const d of done) expect(d).toMatchObject({ stopped: true, numTensors: d.numTensorsBefore });
      const downloads: { name: string; bytes: Buffer }[] = [];
      page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), bytes: readFileSync(await d.path()) }));
      await page.click('button[data-export="Input Mixup + AMP"]');
      await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
      await expect.poll(() => downloads.every((d) => d.bytes.length > 0), { timeout: 10_000 }).toBe(true);
      const json = JSON.parse(downloads.find((d) => d.name.endsWith('.json'))!.bytes.toString('utf8'));
      const bin = downloads.find((d) => d.name.endsWith('.weights.bin'))!;
      expect(json.weightsManifest[0].paths).toEqual([bin.name]);
      expect(json.model).toMatchObject({ task: 'mnist-input-mixup', amp: true, seed: 3, backend: 'wasm' });
      const bytes = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
      expect(bin.bytes.length).toBe(bytes);
    } finally {
      await page.close();
    }
  });

  it('cpu: the same seed gives the same losses in the page as in Node', async () => {
    const [r] = await runPage('task=mnist-manifold-mixup&backend=cpu&steps=6&seed=2&only=amp', 'cpu-mnist.png');
    expect(r.error).toBeNull();
    const slice = readdirSync(join(dist, 'assets')).find((f) => f.startsWith('mnist-slice'))!;
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      const data = mnistTask(new Uint8Array(readFileSync(join(dist, 'assets', slice))), r.settings.seed);
      const node: StepReport[] = [];
      const { model } = await runTraining(data, r.settings, { onStep: (s) => node.push(s) });
      model.dispose();
      const pick = (xs: { lossBefore: number; lossAfter: number; maskRate: number }[]) => xs.map((s) => [s.lossBefore, s.lossAfter, s.maskRate]);
      expect(pick(r.steps)).toEqual(pick(node));
    } finally {
      await tf.setBackend(previous);
    }
  });
});
