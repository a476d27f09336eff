import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, MixMethod } from '@ampmix/core';
import { chooseBackend, integerAtLeast, noUnknownKeys, OptionError } from '@ampmix/core';
import { cutMix } from '@ampmix/cutmix';
import { manifoldMixup } from '@ampmix/manifold-mixup';
import { fitMixup, modelToArtifacts } from '@ampmix/layers';
import { loadModelFromDir, saveModelToDir } from '@ampmix/layers/node';
import { holdOut } from '@ampmix/vision';
import { loadMnist } from '@ampmix/vision/mnist';
import type { ImageDataset } from '@ampmix/vision';
import { installFastConv2dGradients } from './fast-conv.js';
import { functionalCnn, sequentialCnn } from './models.js';
import type { LayersExampleConfig, PresetName } from './presets.js';
import { resolveConfig } from './presets.js';

/** Options of {@link runLayersExample}. */
export interface LayersExampleOptions {
  /** `smoke` (seconds) or `default` (minutes). */
  preset: PresetName;
  /** Seed of the split, the initial weights, the shuffling, the plans and the dropout masks. Default 0. */
  seed?: number;
  /**
   * Backend to activate first (core's `chooseBackend`). Default `wasm`: with {@link installFastConv2dGradients} (on
   * for the run) tfjs's conv layers train there about ten times faster than on the pure-JS `cpu` backend.
   */
  backend?: BackendChoice | 'auto';
  /** Folder to save each trained model in (`<row>/model.json` + `weights.bin`); default none: saved in memory. */
  outDir?: string | null;
  /** Where progress and the table go. Default `console.log`. */
  log?: (line: string) => void;
  /** Change the preset's sizes or budget. */
  overrides?: Partial<LayersExampleConfig>;
}

/** What one row measured. */
export interface LayersRow {
  name: string;
  /** Test error of the saved and reloaded model (`tf.loadLayersModel`, then `model.predict`), in [0, 1]. */
  testError: number;
  /** Validation accuracy after the last epoch (from the returned `History`). */
  valAcc: number;
  /** Mean share of examples trained on ℓ' over the last epoch (0 without AMP). */
  ampMaskRate: number;
  epochs: number;
  elapsedMs: number;
}

/** What {@link runLayersExample} returns. */
export interface LayersExampleResult {
  config: LayersExampleConfig;
  seed: number;
  backend: string;
  rows: LayersRow[];
  table: string;
}

interface RowSpec {
  name: string;
  build: (seed: number, lr: number) => tf.LayersModel;
  method: (alpha: number) => MixMethod;
  amp: boolean;
  /** Which ε of the configuration AMP uses. */
  epsilon: 'epsilon' | 'cutmixEpsilon';
}

/** The four rows: the Sequential CNN with CutMix, the functional CNN with Manifold Mixup at "hidden", each ± AMP. */
export const ROWS: readonly RowSpec[] = [
  { name: 'tf.sequential CNN + CutMix', build: sequentialCnn, method: (alpha) => cutMix({ alpha }), amp: false, epsilon: 'cutmixEpsilon' },
  { name: 'tf.sequential CNN + CutMix + AMP', build: sequentialCnn, method: (alpha) => cutMix({ alpha }), amp: true, epsilon: 'cutmixEpsilon' },
  { name: 'functional CNN + Manifold Mixup @hidden', build: functionalCnn, method: (alpha) => manifoldMixup({ alpha, sites: ['hidden'] }), amp: false, epsilon: 'epsilon' },
  { name: 'functional CNN + Manifold Mixup @hidden + AMP', build: functionalCnn, method: (alpha) => manifoldMixup({ alpha, sites: ['hidden'] }), amp: true, epsilon: 'epsilon' },
];

/** Test error of `model.predict` on `data` (argmax against the labels), in batches. */
export function testError(model: tf.LayersModel, data: ImageDataset, batchSize = 250): number {
  let wrong = 0;
  for (let start = 0; start < data.size; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, data.size - start) }, (_, k) => start + k);
    const b = data.batch(indices);
    const predicted = tf.tidy(() => tf.argMax(model.predict(b.inputs) as tf.Tensor, 1).dataSync());
    predicted.forEach((p, k) => (wrong += p === data.labels[start + k] ? 0 : 1));
    tf.dispose([b.inputs, b.labels]);
  }
  return wrong / data.size;
}

/**
 * Trains each row's tfjs model with `fitMixup` on MNIST (same split, seeds and budget), with `validationData` and a
 * `tf.callbacks.earlyStopping`, saves it (`model.save` through a save handler: in memory, or `model.json` +
 * `weights.bin` under `outDir`), reloads it with `tf.loadLayersModel` and reports the reloaded model's test error.
 */
export async function runLayersExample(options: LayersExampleOptions): Promise<LayersExampleResult> {
  noUnknownKeys('runLayersExample', options, ['preset', 'seed', 'backend', 'outDir', 'log', 'overrides']);
  const c = resolveConfig(options.preset, options.overrides);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.outDir !== undefined && options.outDir !== null && typeof options.outDir !== 'string') throw new OptionError('outDir', options.outDir, 'a folder path or null');
  await chooseBackend({ backend: options.backend ?? 'wasm', log: () => {} });
  await tf.ready();
  const restoreConvGradient = installFastConv2dGradients();
  try {
    return await runRows(c, seed, options.outDir ?? null, log);
  } finally {
    restoreConvGradient();
  }
}

async function runRows(c: LayersExampleConfig, seed: number, outDir: string | null, log: (line: string) => void): Promise<LayersExampleResult> {
  const mnist = loadMnist({ seed, trainSize: c.trainSize, testSize: c.testSize });
  const { rest, heldOut } = holdOut(mnist.train, { size: c.devSize, seed });
  log(`MNIST: ${rest.size} train / ${heldOut.size} validation / ${mnist.test.size} test digits; ${c.epochs} epochs × batch ${c.batchSize}, Adam lr ${c.learningRate}; α = ${c.alpha}, AMP ε = ${c.epsilon} (CutMix ${c.cutmixEpsilon}); seed ${seed}; backend ${tf.getBackend()}`);
  const rows: LayersRow[] = [];
  for (const [r, spec] of ROWS.entries()) {
    const model = spec.build(seed, c.learningRate);
    const started = performance.now();
    try {
      const history = await fitMixup(model, rest, {
        method: spec.method(c.alpha), amp: spec.amp ? { epsilon: c[spec.epsilon] } : false, epochs: c.epochs, batchSize: c.batchSize,
        validationData: heldOut, seed, verbose: 0, callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_acc', patience: 2 })],
      });
      let reloaded: tf.LayersModel;
      if (outDir) {
        const dir = `${outDir}/row${r + 1}`;
        await saveModelToDir(model, dir);
        reloaded = await loadModelFromDir(dir);
      } else {
        reloaded = await tf.loadLayersModel(tf.io.fromMemory(await modelToArtifacts(model)));
      }
      const err = testError(reloaded, mnist.test);
      reloaded.dispose();
      const h = history.history as Record<string, number[]>;
      const row: LayersRow = { name: spec.name, testError: err, valAcc: h.val_acc.at(-1)!, ampMaskRate: h.ampMaskRate.at(-1)!, epochs: history.epoch.length, elapsedMs: performance.now() - started };
      rows.push(row);
      log(`  ${row.name}: test error ${(100 * err).toFixed(2)} % (${(row.elapsedMs / 1000).toFixed(1)} s)`);
    } finally {
      model.optimizer?.dispose(); // compiled with an optimizer instance: the model does not own it
      model.dispose();
    }
  }
  const table = formatRows(rows);
  log(table);
  return { config: c, seed, backend: tf.getBackend(), rows, table };
}

/** A plain-text table of the rows. */
export function formatRows(rows: readonly LayersRow[]): string {
  const head = ['model + method', 'test error', 'val acc', "ℓ' > ℓ", 'epochs', 'time'];
  const body = rows.map((r) => [r.name, `${(100 * r.testError).toFixed(2)} %`, `${(100 * r.valAcc).toFixed(2)} %`, r.ampMaskRate === 0 ? '—' : `${(100 * r.ampMaskRate).toFixed(1)} %`, String(r.epochs), `${(r.elapsedMs / 1000).toFixed(1)} s`]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) => cells.map((s, k) => (k === 0 ? s.padEnd(widths[k]) : s.padStart(widths[k]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
