// Child process of the reliability tests: trains a tiny MLP with Mixup + AMP (re-weighting, dropout, a
// partial last batch) through the BUILT trainer (packages/trainer/dist), so the parent can kill -9 it and
// resume. Argument: JSON { checkpointDir?, logFile?, steps, resume? }. Prints `{"event":"began"}` when
// training begins and, at the end, one JSON line with "final": true: the losses by step, the final
// weights, or the error.
import * as tf from '@tensorflow/tfjs';
import { betaPolicy, createMlp, linearMixer, Rng } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';

tf.enableProdMode(); // no "install tfjs-node" banner on stderr
await tf.setBackend('cpu');

const options = JSON.parse(process.argv[2]);
const rng = new Rng(5);
const rows = [];
const labels = [];
for (let i = 0; i < 38; i++) {
  const c = i % 3;
  rows.push(Array.from({ length: 4 }, (_, d) => (d === c ? 2 : 0) + rng.normal()));
  labels.push(c);
}
const lab = Int32Array.from(labels);
const data = {
  size: rows.length,
  numClasses: 3,
  labels: lab,
  batch(indices) {
    const idx = Array.from(indices);
    return { inputs: tf.tensor2d(idx.map((i) => rows[i]), [idx.length, 4]), labels: tf.tensor1d(idx.map((i) => lab[i]), 'int32') };
  },
};
const model = createMlp({ inputSize: 4, hiddenSizes: [8], numClasses: 3, seed: 3, dropout: 0.2, activation: 'tanh' });
const losses = [];
let began = false;
const report = (r) => process.stdout.write(`${JSON.stringify({ final: true, began, losses, ...r })}\n`);
try {
  await train({
    model,
    train: data,
    method: { name: 'mixup', policy: betaPolicy({ alpha: 1 }), mixer: linearMixer },
    amp: { epsilon: 0.5, reweight: { window: 3 } },
    steps: options.steps,
    batchSize: 8,
    learningRate: 0.02,
    seed: 7,
    progress: 'none',
    checkpointEvery: 1,
    ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.resume ? { resume: true } : {}),
    callbacks: {
      onTrainBegin: () => {
        began = true;
        process.stdout.write('{"event":"began"}\n');
      },
      onBatchEnd: (step, stats) => void losses.push([step, stats.loss]),
    },
  });
  const weights = Object.fromEntries(Object.entries(model.weights).map(([k, w]) => [k, Array.from(w.dataSync())]));
  report({ ok: true, weights });
} catch (e) {
  report({ ok: false, error: { name: e?.name, code: e?.code, message: String(e?.message ?? e) } });
  process.exitCode = 1;
}
