import * as tf from '@tensorflow/tfjs';
import type { Dataset, LossName, MixStepStats } from '@ampmix/core';
import { createAmpState, disposeBatch, mixStep, OptionError, permutation, Rng, ShapeError } from '@ampmix/core';
import { standardizeCallbacks } from './callbacks.js';
import { datasetFromTensors, readElement } from './data.js';
import type { BatchSource } from './evaluate.js';
import { evaluateModel } from './evaluate.js';
import type { FitMixupOptions, ResolvedFitOptions } from './fit-options.js';
import { resolveFitOptions, resolveOptimizer } from './fit-options.js';
import { resolveLoss } from './loss.js';
import type { LayersMixableModel } from './wrap.js';
import { wrapLayersModel } from './wrap.js';

type TfDataset = tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;

/** Training input of {@link fitMixup}: tensors `x` (with `y`), a core `Dataset`, or a `tf.data.Dataset` of `{xs, ys}` batches. */
export type FitInput = tf.Tensor | Dataset<tf.Tensor> | TfDataset;

/**
 * Trains a `tf.LayersModel` in place as `model.fit` / `model.fitDataset` would, with a Mixup method and
 * optionally AMP (Liu et al., "Adversarial Mixing Policy for Relaxing Locally Linear Constraints in Mixup",
 * EMNLP 2021, arXiv 2109.07177) — every step goes through the core's `mixStep`.
 *
 * - Data: `fitMixup(model, x, y, options)` with tensors (`y`: class indices or one-hot rows), or
 *   `fitMixup(model, data, options)` with a core `Dataset` or a `tf.data.Dataset` of `{xs, ys}` batches.
 * - Uses the optimizer and loss `model.compile` set (or `options.optimizer` / `options.loss`);
 *   `categoricalCrossentropy` and `sparseCategoricalCrossentropy` are the core's `softmax-ce` on the logits.
 * - Returns a `tf.History` (`history.history.loss`, `val_loss`, `val_acc`, `ampMaskRate`, `ampMeanAbsDeltaLambda`)
 *   and calls tfjs callbacks (`tf.callbacks.earlyStopping`, `tf.CustomCallback`, hook objects) with those logs.
 * - Seeded (`options.seed`): the same seed, data and initial weights give the same run.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
 * const history = await fitMixup(model, xs, ys, { method: cutMix(), amp: true, epochs: 5, validationSplit: 0.1 });
 * await model.save('file://./model'); // or any tfjs IO handler
 * ```
 */
export async function fitMixup(model: tf.LayersModel, x: FitInput, y?: tf.Tensor | FitMixupOptions, options?: FitMixupOptions): Promise<tf.History> {
  if (!(model instanceof tf.LayersModel)) throw new OptionError('model', typeof model, 'a tf.LayersModel (tf.sequential or tf.model)');
  let labels: tf.Tensor | undefined;
  if (y instanceof tf.Tensor) labels = y;
  else if (options === undefined) options = y as FitMixupOptions | undefined;
  else if (y !== undefined) throw new OptionError('y', typeof y, 'a tensor of labels (with tensor x) or omitted (with a dataset)');
  const o = resolveFitOptions(options ?? {});
  const opts = options ?? {};
  const mixable = wrapLayersModel(model, { sites: opts.sites });
  const loss = resolveLoss(model, mixable.outputActivation, opts.loss);
  const { train, validation } = resolveData(x, labels, o, opts.validationData);
  if ((model as unknown as { isTraining?: boolean }).isTraining) throw new OptionError('model', model.name, 'a model that is not already training (another fit is running on it)');
  const { optimizer, owned } = resolveOptimizer(model, opts.optimizer);
  const cbs = standardizeCallbacks(opts.callbacks, o.yieldEvery);
  const history = new tf.History();
  const list = new tf.CallbackList([...cbs, history] as never[]);
  const steps = train instanceof tf.data.Dataset ? o.batchesPerEpoch : Math.ceil(train.size / o.batchSize);
  // callbacks stop training through `model.stopTraining` (tf.callbacks.earlyStopping does); a proxy holds that flag,
  // since an uncompiled Sequential refuses the property
  const stop = { requested: false };
  list.setModel(stoppableModel(model, stop) as never);
  list.setParams({
    epochs: o.epochs, initialEpoch: o.initialEpoch, samples: train instanceof tf.data.Dataset ? null : train.size, steps, batchSize: o.batchSize,
    verbose: o.verbose, doValidation: validation !== null,
    metrics: ['loss', 'ampMaskRate', 'ampMeanAbsDeltaLambda', ...(validation ? ['val_loss', 'val_acc'] : [])],
  } as never);
  const rng = new Rng(o.seed);
  const orderRng = rng.fork();
  const stepRng = rng.fork();
  const ampState = createAmpState();
  const m = model as unknown as { isTraining: boolean; history: tf.History };
  m.isTraining = true;
  try {
    await list.onTrainBegin();
    for (let epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
      await list.onEpochBegin(epoch);
      if (o.verbose) o.print(`Epoch ${epoch + 1}/${o.epochs}`);
      const started = performance.now();
      const sums = { loss: 0, ampMaskRate: 0, ampMeanAbsDeltaLambda: 0, n: 0, steps: 0 };
      const step = async (inputs: tf.Tensor, y: tf.Tensor, classes: Int32Array) => {
        const batch = sums.steps;
        await list.onBatchBegin(batch, { batch, size: inputs.shape[0] });
        const s = await trainStep(mixable, optimizer, o, loss, stepRng, ampState, inputs, y, classes);
        const logs = { batch, size: inputs.shape[0], loss: s.loss, ampMaskRate: s.maskRate, ampMeanAbsDeltaLambda: s.meanAbsDeltaLambda };
        const w = inputs.shape[0];
        sums.loss += w * s.loss;
        sums.ampMaskRate += w * s.maskRate;
        sums.ampMeanAbsDeltaLambda += w * s.meanAbsDeltaLambda;
        sums.n += w;
        sums.steps += 1;
        await list.onBatchEnd(batch, logs);
      };
      if (train instanceof tf.data.Dataset) {
        const it = await train.iterator();
        while (o.batchesPerEpoch === null || sums.steps < o.batchesPerEpoch) {
          const r = await it.next();
          if (r.done) {
            if (o.batchesPerEpoch !== null) throw new ShapeError(`the tf.data.Dataset ended after ${sums.steps} batches in epoch ${epoch + 1}; batchesPerEpoch is ${o.batchesPerEpoch}`);
            break;
          }
          const { xs, ys } = readElement(r.value);
          try {
            const yy = ys.rank === 2 && ys.shape[1] === 1 ? ys.reshape([-1]) : ys;
            try {
              await step(xs, yy, await classesOf(yy));
            } finally {
              if (yy !== ys) yy.dispose();
            }
          } finally {
            tf.dispose([xs, ys]);
          }
          if (stop.requested) break;
        }
      } else {
        const order = o.shuffle ? permutation(orderRng, train.size) : Int32Array.from({ length: train.size }, (_, i) => i);
        for (let start = 0; start < order.length; start += o.batchSize) {
          const indices = order.subarray(start, Math.min(order.length, start + o.batchSize));
          const b = train.batch(indices);
          try {
            await step(b.inputs, b.labels, Int32Array.from(indices, (i) => train.labels[i]));
          } finally {
            disposeBatch(b);
          }
          if (stop.requested) break;
        }
      }
      const logs: Record<string, number> = {
        loss: sums.loss / sums.n,
        ampMaskRate: sums.ampMaskRate / sums.n,
        ampMeanAbsDeltaLambda: sums.ampMeanAbsDeltaLambda / sums.n,
      };
      if (validation) {
        const v = await evaluateModel(mixable, validation, o.validationBatchSize, loss);
        logs.val_loss = v.loss;
        logs.val_acc = v.acc;
      }
      await list.onEpochEnd(epoch, logs);
      if (o.verbose) o.print(formatEpoch(sums.steps, performance.now() - started, logs));
      if (stop.requested) break;
    }
    await list.onTrainEnd();
    m.history = history;
    return history;
  } finally {
    m.isTraining = false;
    if (owned) optimizer.dispose();
  }
}

/** One optimizer step: dropout seed, then plan, drawn from `rng` (in that order); `mixStep`; the optimizer on its gradients. */
async function trainStep(
  model: LayersMixableModel, optimizer: tf.Optimizer, o: ResolvedFitOptions, loss: LossName, rng: Rng,
  ampState: ReturnType<typeof createAmpState>, inputs: tf.Tensor, labels: tf.Tensor, classes: Int32Array,
): Promise<MixStepStats> {
  const seed = rng.nextSeed();
  const plan = o.method ? o.method.policy.plan({ batchSize: inputs.shape[0], rng, sites: model.sites, labels: classes, inputShape: model.inputShape }) : null;
  const r = await mixStep({ model, inputs, labels, plan, mixer: o.method?.mixer, loss, amp: o.amp, ampState, training: true, seed, rng });
  if (r.grads) {
    try {
      optimizer.applyGradients(r.grads as tf.NamedTensorMap);
    } finally {
      tf.dispose(Object.values(r.grads));
    }
  }
  return r.stats;
}

async function classesOf(y: tf.Tensor): Promise<Int32Array> {
  if (y.rank === 1) return Int32Array.from(await y.data());
  const a = tf.argMax(y, 1);
  try {
    return Int32Array.from(await a.data());
  } finally {
    a.dispose();
  }
}

function resolveData(
  x: FitInput, y: tf.Tensor | undefined, o: ResolvedFitOptions, validationData: FitMixupOptions['validationData'],
): { train: Dataset<tf.Tensor> | TfDataset; validation: BatchSource | null } {
  let train: Dataset<tf.Tensor> | TfDataset;
  if (x instanceof tf.Tensor) {
    if (!y) throw new OptionError('y', y, 'a tensor of labels (class indices or one-hot rows) when x is a tensor');
    train = datasetFromTensors(x, y);
  } else if (x instanceof tf.data.Dataset) {
    if (y) throw new OptionError('y', 'a tensor', 'omitted when x is a tf.data.Dataset (its elements carry ys)');
    train = x as TfDataset;
  } else if (x && typeof (x as Dataset<tf.Tensor>).batch === 'function' && (x as Dataset<tf.Tensor>).labels instanceof Int32Array) {
    if (y) throw new OptionError('y', 'a tensor', 'omitted when x is a Dataset (it carries the labels)');
    train = x as Dataset<tf.Tensor>;
  } else {
    throw new OptionError('x', typeof x, 'a tensor (with y), a core Dataset or a tf.data.Dataset of {xs, ys}');
  }
  let validation: BatchSource | null = null;
  if (validationData !== undefined && o.validationSplit > 0) throw new OptionError('validationSplit', o.validationSplit, '0 when validationData is given');
  if (o.validationSplit > 0) {
    if (train instanceof tf.data.Dataset) throw new OptionError('validationSplit', o.validationSplit, '0 for a tf.data.Dataset (pass validationData, as for model.fitDataset)');
    const n = train.size;
    const nVal = Math.floor(n * o.validationSplit);
    if (nVal < 1 || nVal >= n) throw new OptionError('validationSplit', o.validationSplit, `a fraction that leaves at least one example on each side of ${n}`);
    validation = indexView(train, Int32Array.from({ length: nVal }, (_, i) => n - nVal + i));
    train = indexView(train, Int32Array.from({ length: n - nVal }, (_, i) => i));
  } else if (Array.isArray(validationData)) {
    const [vx, vy] = validationData;
    validation = datasetFromTensors(vx, vy);
  } else if (validationData instanceof tf.data.Dataset) {
    validation = validationData as TfDataset;
  } else if (validationData !== undefined) {
    if (typeof (validationData as Dataset<tf.Tensor>)?.batch !== 'function') throw new OptionError('validationData', typeof validationData, '[x, y] tensors, a core Dataset or a tf.data.Dataset');
    validation = validationData as Dataset<tf.Tensor>;
  }
  return { train, validation };
}

/** `model` for the callbacks, with its `stopTraining` property read from and written to `stop`. */
function stoppableModel(model: tf.LayersModel, stop: { requested: boolean }): tf.LayersModel {
  return new Proxy(model, {
    get(target, prop) {
      if (prop === 'stopTraining') return stop.requested;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    set(target, prop, value) {
      if (prop === 'stopTraining') stop.requested = Boolean(value);
      else Reflect.set(target, prop, value, target);
      return true;
    },
  });
}

/** The examples of `data` at `indices`, as a dataset (no copy). */
function indexView(data: Dataset<tf.Tensor>, indices: Int32Array): Dataset<tf.Tensor> {
  return {
    size: indices.length,
    numClasses: data.numClasses,
    labels: Int32Array.from(indices, (i) => data.labels[i]),
    batch: (idx) => data.batch(Int32Array.from(idx as ArrayLike<number>, (k) => indices[k])),
  };
}

function formatEpoch(steps: number, ms: number, logs: Record<string, number>): string {
  const fmt = (k: string, v: number) => `${k}: ${k === 'ampMeanAbsDeltaLambda' ? v.toExponential(2) : v.toFixed(4)}`;
  return [`${steps}/${steps}`, `${(ms / 1000).toFixed(1)}s ${(ms / Math.max(steps, 1)).toFixed(0)}ms/step`, ...Object.entries(logs).map(([k, v]) => fmt(k, v))].join(' - ');
}
