/// <reference lib="webworker" />
// Trains one run off the main thread: picks the backend, loads the task's data, runs the trainer loop.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '@ampmix/core';
import type { MixableModel } from '@ampmix/core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import trecTrainUrl from '@ampmix/datasets/data/TREC.train.all?url';
import trecTestUrl from '@ampmix/datasets/data/TREC.test.all?url';
import mnistUrl from './generated/mnist-slice.bin?url';
import { exportWeights } from './model-file.js';
import type { FromWorker, PageBackend, ToWorker } from './protocol.js';
import type { RunSettings } from './run.js';
import { runTraining, StopRequest } from './run.js';
import type { TaskData } from './tasks.js';
import { TASK_LIST } from './task-list.js';
import { mnistTask, trecTask } from './tasks.js';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as DedicatedWorkerGlobalScope).postMessage(m, transfer);
const TREC_FILES: Record<string, string> = { 'TREC.train.all': trecTrainUrl, 'TREC.test.all': trecTestUrl };

let paused = false;
let stopped = false;
let wake: (() => void) | null = null;
let trained: { model: MixableModel<tf.Tensor>; settings: RunSettings; text: TaskData['text'] } | null = null;

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function loadData(s: RunSettings): Promise<TaskData> {
  if (TASK_LIST[s.task].data === 'mnist') return mnistTask(await bytes(mnistUrl), s.seed);
  return trecTask((name) => bytes(TREC_FILES[name]), s.seed);
}

async function gate(): Promise<void> {
  // a step awaits only microtasks: yield one macrotask so that a pause or stop message gets handled
  await new Promise<void>((r) => setTimeout(r, 0));
  while (paused && !stopped) await new Promise<void>((r) => (wake = r));
  if (stopped) throw new StopRequest();
}

async function start(settings: RunSettings, backend: PageBackend): Promise<void> {
  let line = '';
  const chosen = await chooseBackend({
    backend,
    modules: { wasm: () => import('@tensorflow/tfjs-backend-wasm'), webgpu: () => import('@tensorflow/tfjs-backend-webgpu') },
    wasmPaths: { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded },
    log: (l) => (line = l),
  });
  post({ type: 'backend', chosen, line });
  const t0 = performance.now();
  const data = await loadData(settings);
  post({ type: 'data', train: data.train.size, dev: data.dev.size, test: data.test.size, ms: performance.now() - t0 });
  const numTensorsBefore = tf.memory().numTensors;
  const { model, result } = await runTraining(data, settings, {
    onStep: (report) => post({ type: 'step', report }),
    onEval: (e) => post({ type: 'eval', ...e }),
    gate,
  });
  trained = { model, settings, text: data.text };
  post({
    type: 'done', stopped: result === null, testError: result?.testError.bestDev ?? null, bestDevError: result?.bestDev?.error ?? null,
    numTensors: tf.memory().numTensors - Object.keys(model.weights).length, numTensorsBefore,
  });
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  const fail = (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  if (m.type === 'start') start(m.settings, m.backend).catch(fail);
  else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume' || m.type === 'stop') {
    if (m.type === 'stop') stopped = true;
    paused = false;
    wake?.();
  } else if (m.type === 'export') {
    if (!trained) return fail(new Error('no trained model yet'));
    exportWeights(trained.model, { ...trained.settings, backend: tf.getBackend(), ...(trained.text ? { text: trained.text } : {}) })
      .then(({ json, bin }) => post({ type: 'model', json, bin }, [bin]))
      .catch(fail);
  }
};
