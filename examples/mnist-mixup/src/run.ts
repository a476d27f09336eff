import * as tf from '@tensorflow/tfjs';
import type { MixableModel, MixStepStats } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';
import type { RunContext, RunSpec } from '@ampmix/sweep';
import { createImageMlp, createSmallCnn, holdOut } from '@ampmix/vision';
import type { Mnist } from '@ampmix/vision/mnist';
import { loadMnist } from '@ampmix/vision/mnist';
import type { ComparisonConfig } from './presets.js';
import { ampFor, ROWS } from './rows.js';
import type { RowResult } from './table.js';

function createModel(c: ComparisonConfig, seed: number): MixableModel<tf.Tensor4D> {
  return c.model === 'cnn'
    ? createSmallCnn({ numClasses: 10, channels: c.widths, seed })
    : createImageMlp({ numClasses: 10, hiddenSizes: c.widths, seed });
}

/** The split of one seed (cached: every row of a seed trains on the same digits). */
type Split = { mnist: Mnist } & ReturnType<typeof holdOut>;
const splits = new Map<string, Split>();
function splitFor(c: ComparisonConfig, seed: number): Split {
  const id = JSON.stringify([seed, c.trainSize, c.testSize, c.devSize]);
  const cached = splits.get(id);
  if (cached) return cached;
  const mnist = loadMnist({ seed, trainSize: c.trainSize, testSize: c.testSize });
  const s: Split = { mnist, ...holdOut(mnist.train, { size: c.devSize, seed }) };
  if (splits.size >= 2) splits.clear();
  splits.set(id, s);
  return s;
}

/**
 * One run of the MNIST grid (the `run` of its runner module): the row `run.params.row` on the split, initial
 * weights and data order of `run.seed`, the settings in `run.shared`. Checkpoints go to the run's folder
 * when it has one (a re-run resumes from them).
 */
export async function runMnistRow(run: RunSpec, context: RunContext = { runDir: null, resume: false }): Promise<RowResult & Record<string, unknown>> {
  const c = run.shared as unknown as ComparisonConfig;
  const spec = ROWS.find((r) => r.id === run.params.row);
  if (!spec) throw new Error(`unknown row ${JSON.stringify(run.params.row)}`);
  const { mnist, rest, heldOut } = splitFor(c, run.seed);
  const model = createModel(c, run.seed);
  let [steps, deltaSum, maskSum] = [0, 0, 0];
  const onBatchEnd = (_step: number, s: MixStepStats) => {
    steps += 1;
    deltaSum += s.meanAbsDeltaLambda;
    maskSum += s.maskRate;
  };
  const started = performance.now();
  try {
    const result = await train({
      model, train: rest, dev: heldOut, test: mnist.test, method: spec.method(c.alpha), amp: ampFor(spec, c.epsilon),
      steps: c.steps, batchSize: c.batchSize, learningRate: c.learningRate, evalEvery: c.evalEvery, seed: run.seed,
      progress: 'none', callbacks: { onBatchEnd }, config: { example: 'mnist-mixup', row: spec.name },
      ...(context.runDir ? { checkpointDir: `${context.runDir}/checkpoint`, resume: true } : {}),
    });
    return {
      name: spec.name,
      testError: result.testError.bestDev ?? Number.NaN,
      lastTestError: result.testError.last ?? Number.NaN,
      devError: result.bestDev?.error ?? Number.NaN,
      bestStep: result.bestDev?.step ?? 0,
      meanAbsDeltaLambda: steps ? deltaSum / steps : 0,
      maskRate: steps ? maskSum / steps : 0,
      elapsedMs: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}
