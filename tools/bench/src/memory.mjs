// The memory run: tf.memory().numTensors and process RSS sampled over many AMP steps, slopes by least squares.
import * as tf from '@tensorflow/tfjs';
import { leastSquares } from './stats.mjs';
import { buildCase } from './cases.mjs';
import { createStepper } from './train-step.mjs';

/**
 * Runs `steps` Mixup+AMP training steps of `modelName` on the active backend, sampling numTensors and RSS
 * about 100 times. Slopes (per 1,000 steps) are fitted on the samples after the first 10 % of steps
 * (allocator and backend warm-up). Returns { model, steps, samples, numTensors, rssMB }.
 */
export async function memoryRun(modelName, shapes, steps) {
  const built = await buildCase(modelName, shapes, 3);
  const stepper = createStepper(built, 'amp', { seed: 11 });
  const every = Math.max(1, Math.floor(steps / 100));
  const xs = [];
  const tensors = [];
  const rss = [];
  try {
    for (let i = 0; i < steps; i++) {
      await stepper.step(i);
      if ((i + 1) % every === 0 || i === steps - 1) {
        xs.push(i + 1);
        tensors.push(tf.memory().numTensors);
        rss.push(process.memoryUsage().rss / 2 ** 20);
      }
    }
  } finally {
    stepper.dispose();
    built.dispose();
  }
  const from = xs.findIndex((x) => x > steps * 0.1);
  const fit = (ys) => {
    const xf = xs.slice(from);
    const yf = ys.slice(from);
    const slope = xf.length >= 2 ? leastSquares(xf, yf).slope * 1000 : 0;
    return { first: ys[0], last: ys[ys.length - 1], min: Math.min(...ys), max: Math.max(...ys), slopePer1000: slope };
  };
  return { model: modelName, steps, samples: xs.length, fittedFromStep: xs[from], numTensors: fit(tensors), rssMB: fit(rss) };
}
