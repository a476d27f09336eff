// The memory run: tf.memory().numTensors and process RSS sampled over many AMP steps, slopes by least squares.
import * as tf from '@tensorflow/tfjs';
import { leastSquares } from './stats.mjs';
import { buildCase } from './cases.mjs';
import { createStepper } from './train-step.mjs';

/**
 * Runs `steps` Mixup+AMP training steps of `modelName` on the active backend, sampling numTensors and RSS
 * about 100 times. Slopes (per 1,000 steps) are fitted on the samples after the first 10 % of steps
 * (allocator and backend warm-up), and again on the second half (is the growth still going on at the end?). Returns { model, steps, samples, fittedFromStep, numTensors, rssMB,
 * v8HeapUsedMB, wasmHeapMB (null off wasm), series } with first/last/min/max/slopePer1000 for each quantity.
 */
export async function memoryRun(modelName, shapes, steps) {
  const built = await buildCase(modelName, shapes, 3);
  const stepper = createStepper(built, 'amp', { seed: 11 });
  const every = Math.max(1, Math.floor(steps / 100));
  const xs = [];
  const tensors = [];
  const rss = [];
  const v8heap = [];
  const wasmHeap = [];
  const backend = tf.backend();
  const heapOf = () => (backend.wasm?.HEAPU8 ? backend.wasm.HEAPU8.length / 2 ** 20 : null);
  try {
    for (let i = 0; i < steps; i++) {
      await stepper.step(i);
      if ((i + 1) % every === 0 || i === steps - 1) {
        xs.push(i + 1);
        tensors.push(tf.memory().numTensors);
        const mu = process.memoryUsage();
        rss.push(mu.rss / 2 ** 20);
        v8heap.push(mu.heapUsed / 2 ** 20);
        wasmHeap.push(heapOf());
      }
    }
  } finally {
    stepper.dispose();
    built.dispose();
  }
  const from = xs.findIndex((x) => x > steps * 0.1);
  const half = xs.findIndex((x) => x > steps / 2);
  const slopeFrom = (i, ys) => (xs.length - i >= 2 ? leastSquares(xs.slice(i), ys.slice(i)).slope * 1000 : 0);
  const fit = (ys) => ({
    first: ys[0],
    last: ys[ys.length - 1],
    min: Math.min(...ys),
    max: Math.max(...ys),
    slopePer1000: slopeFrom(from, ys),
    secondHalfSlopePer1000: slopeFrom(half, ys),
  });
  return {
    model: modelName,
    steps,
    samples: xs.length,
    fittedFromStep: xs[from],
    numTensors: fit(tensors),
    rssMB: fit(rss),
    v8HeapUsedMB: fit(v8heap),
    wasmHeapMB: wasmHeap[0] === null ? null : fit(wasmHeap),
    series: { step: xs, numTensors: tensors, rssMB: rss.map((v) => Number(v.toFixed(2))) },
  };
}
