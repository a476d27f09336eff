import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, MixableModel, MixStepStats } from '@ampmix/core';
import { chooseBackend, integerAtLeast, noUnknownKeys, OptionError } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';
import { createImageMlp, createSmallCnn, holdOut } from '@ampmix/vision';
import { loadMnist } from '@ampmix/vision/mnist';
import type { ComparisonConfig, PresetName } from './presets.js';
import { resolveConfig } from './presets.js';
import type { RowResult } from './table.js';
import { formatTable } from './table.js';
import { ampFor, ROWS } from './rows.js';

/** Options of {@link runMnistComparison}. */
export interface MnistComparisonOptions {
  /** `smoke` (seconds) or `default` (minutes). */
  preset: PresetName;
  /** Backend to activate first with core's `chooseBackend`; default: keep the current one. */
  backend?: BackendChoice | 'auto';
  /** Seed of the split, the weights, the data order and the plans; the same for every row. Default 0. */
  seed?: number;
  /** Where the header, one line per finished row and the table go. Default `console.log`. */
  log?: (line: string) => void;
  /** Trainer progress display (stderr). Default `none`. */
  progress?: 'auto' | 'bar' | 'lines' | 'none';
  /** Change the preset's sizes or budget (e.g. `{ steps: 100 }`). */
  overrides?: Partial<ComparisonConfig>;
  /** Run only these rows (by name, see `ROWS`). Default all seven. */
  rows?: string[];
}

/** What {@link runMnistComparison} returns. */
export interface MnistComparison {
  config: ComparisonConfig;
  backend: string;
  rows: RowResult[];
  table: string;
  elapsedMs: number;
}

function createModel(c: ComparisonConfig, seed: number): MixableModel<tf.Tensor4D> {
  return c.model === 'cnn'
    ? createSmallCnn({ numClasses: 10, channels: c.widths, seed })
    : createImageMlp({ numClasses: 10, hiddenSizes: c.widths, seed });
}

/**
 * Trains no mixing, Input Mixup (Zhang et al. 2018), Manifold Mixup (Verma et al. 2019) and CutMix (Yun et
 * al. 2019), each also with AMP (Liu et al. 2021), on MNIST with the same split, initial weights, data order,
 * seeds and budget, selects each on a held-out dev split and reports its test error and time as a table.
 */
export async function runMnistComparison(options: MnistComparisonOptions): Promise<MnistComparison> {
  noUnknownKeys('runMnistComparison', options, ['preset', 'backend', 'seed', 'log', 'progress', 'overrides', 'rows']);
  const c = resolveConfig(options.preset, options.overrides);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const log = options.log ?? ((line: string) => console.log(line));
  const names = ROWS.map((r) => r.name);
  const wanted = options.rows ?? names;
  for (const [i, n] of wanted.entries()) if (!names.includes(n)) throw new OptionError(`rows[${i}]`, n, `one of ${names.map((x) => JSON.stringify(x)).join(', ')}`);
  if (options.backend) await chooseBackend({ backend: options.backend, log });
  await tf.ready();

  const t0 = performance.now();
  const mnist = loadMnist({ seed, trainSize: c.trainSize, testSize: c.testSize });
  const { rest, heldOut } = holdOut(mnist.train, { size: c.devSize, seed });
  const widths = c.model === 'cnn' ? `small CNN, channels [${c.widths.join(', ')}]` : `MLP, hidden [${c.widths.join(', ')}]`;
  log(`MNIST: ${rest.size} train / ${heldOut.size} dev / ${mnist.test.size} test digits; ${widths}; ${c.steps} steps × batch ${c.batchSize}, Adam lr ${c.learningRate}; α = ${c.alpha}, AMP ε = ${c.epsilon}; seed ${seed}; backend ${tf.getBackend()}`);

  const rows: RowResult[] = [];
  for (const spec of ROWS.filter((r) => wanted.includes(r.name))) {
    const model = createModel(c, seed);
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
        steps: c.steps, batchSize: c.batchSize, learningRate: c.learningRate, evalEvery: c.evalEvery, seed,
        progress: options.progress ?? 'none', callbacks: { onBatchEnd }, config: { example: 'mnist-mixup', row: spec.name },
      });
      const row: RowResult = {
        name: spec.name,
        testError: result.testError.bestDev ?? Number.NaN,
        lastTestError: result.testError.last ?? Number.NaN,
        devError: result.bestDev?.error ?? Number.NaN,
        bestStep: result.bestDev?.step ?? 0,
        meanAbsDeltaLambda: steps ? deltaSum / steps : 0,
        maskRate: steps ? maskSum / steps : 0,
        elapsedMs: performance.now() - started,
      };
      rows.push(row);
      log(`  ${row.name}: test error ${(100 * row.testError).toFixed(2)} % (${(row.elapsedMs / 1000).toFixed(1)} s)`);
    } finally {
      model.dispose();
    }
  }
  const table = formatTable(rows);
  const elapsedMs = performance.now() - t0;
  log(table);
  log(`total ${(elapsedMs / 1000).toFixed(1)} s`);
  return { config: c, backend: tf.getBackend(), rows, table, elapsedMs };
}
