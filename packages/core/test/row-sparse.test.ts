import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardOptions, MixableModel, MixPlan, MixStepArgs, MixStepResult } from '../src/index.js';
import {
  densifyRowSparse, gatherRows, rowSparseWeights, linearMixer, makeVariable, mixAt, mixStep, OptionError, resolveAmpOptions, Rng, ShapeError, uniqueScope,
} from '../src/index.js';

// issue 16: the embedding table's gradient, row-sparse (never the dense [rows, D] table), equal to the dense one's rows

const V = 12;
const D = 4;
const C = 3;

/** A bag-of-embeddings classifier: mean of the looked-up rows of `E`, mixed at `pooled`, a linear read-out `W`. */
function createBagModel(seed: number, lookups: 'ok' | 'none' | 'float' | 'out-of-range' | 'unread' = 'ok'): MixableModel<tf.Tensor2D> {
  const rng = new Rng(seed);
  const scope = uniqueScope('bag');
  const init = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const weights = { E: makeVariable(scope, 'E', init(V * D), [V, D]), W: makeVariable(scope, 'W', init(D * C), [D, C]) };
  const flatIds = (ids: tf.Tensor2D) => tf.reshape(ids, [-1]) as tf.Tensor1D;
  const rowLookups = {
    ok: { E: flatIds },
    none: undefined,
    float: { E: (ids: tf.Tensor2D) => tf.tidy(() => tf.cast(flatIds(ids), 'float32') as tf.Tensor1D) },
    'out-of-range': { E: (ids: tf.Tensor2D) => tf.tidy(() => tf.add(flatIds(ids), tf.scalar(V, 'int32')) as tf.Tensor1D) },
    unread: { E: flatIds },
  }[lookups];
  return {
    sites: ['pooled'],
    numClasses: C,
    weights,
    rowLookups,
    batchSize: (ids) => ids.shape[0],
    forward(ids: tf.Tensor2D, o?: ForwardOptions) {
      return tf.tidy(() => {
        const [b, l] = ids.shape;
        // 'unread': a model that lists the lookup but gathers from the table itself
        const rows = (lookups === 'unread' ? undefined : o?.rows?.E) ?? gatherRows(weights.E, flatIds(ids));
        const pooled = mixAt('pooled', tf.mean(tf.reshape(rows, [b, l, D]), 1), o);
        return tf.matMul(tf.tanh(pooled), weights.W) as tf.Tensor2D;
      });
    },
    dispose: () => Object.values(weights).forEach((v) => v.dispose()),
  };
}

// ids with repeats (within and across rows) and rows of E never looked up (8..11)
const IDS = [[0, 3, 3, 1], [2, 0, 5, 5], [7, 6, 3, 0], [1, 1, 1, 4], [6, 2, 0, 7]];
const PLAN: MixPlan = { lambda: Float32Array.from([0.7, 0.2, 0.55, 0.9, 0.35]), partners: Int32Array.from([1, 0, 4, 2, 3]), site: 'pooled' };
const LABELS = [0, 2, 1, 1, 0];
const amp = resolveAmpOptions({ epsilon: 0.5 });

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  before = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(before));

async function step(model: MixableModel<tf.Tensor2D>, extra: Partial<MixStepArgs<tf.Tensor2D>>): Promise<MixStepResult> {
  const ids = tf.tensor2d(IDS, undefined, 'int32');
  const labels = tf.tensor1d(LABELS, 'int32');
  try {
    return await mixStep({ model, inputs: ids, labels, plan: PLAN, mixer: linearMixer, training: false, ...extra });
  } finally {
    tf.dispose([ids, labels]);
  }
}

function freeResult(r: MixStepResult): void {
  tf.dispose(Object.values(r.grads ?? {}));
  for (const g of Object.values(r.sparseGrads ?? {})) tf.dispose([g.indices, g.values]);
}

describe('mixStep sparseGradients', () => {
  const modes: [string, Partial<MixStepArgs<tf.Tensor2D>>][] = [
    ['Mixup', {}],
    ['Mixup + AMP', { amp }],
    ['no plan', { plan: null }],
    ['AMP in training mode (seeded)', { amp, training: true, seed: 3 }],
  ];
  for (const [mode, extra] of modes) {
    it(`${mode}: the sparse rows are the dense gradient's rows, the other rows' gradient is zero`, async () => {
      const model = createBagModel(1);
      const dense = await step(model, extra);
      const sparse = await step(model, { ...extra, sparseGradients: ['E'] });
      expect(Object.keys(dense.grads!).sort()).toEqual(['E', 'W']);
      expect(Object.keys(sparse.grads!)).toEqual(['W']);
      expect(dense.sparseGrads).toBeUndefined();
      const g = sparse.sparseGrads!.E;
      expect(g.shape).toEqual([V, D]);
      expect(Array.from(g.indices.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(g.values.shape).toEqual([8, D]);
      const denseE = dense.grads!['E'].arraySync() as number[][];
      const rows = g.values.arraySync() as number[][];
      rows.forEach((row, k) => expect(row).toEqual(denseE[k])); // bitwise: same sums in the same order
      for (let r = 8; r < V; r++) expect(denseE[r]).toEqual([0, 0, 0, 0]);
      const densified = densifyRowSparse(g);
      expect(densified.arraySync()).toEqual(denseE);
      densified.dispose();
      expect(sparse.grads!['W'].arraySync()).toEqual(dense.grads!['W'].arraySync());
      expect(sparse.stats.loss).toBe(dense.stats.loss);
      expect(sparse.stats.gradNorm).toBeCloseTo(dense.stats.gradNorm, 6);
      freeResult(dense);
      freeResult(sparse);
      model.dispose();
    });
  }

  it('the gradient norm counts each looked-up row once (closed form from the returned gradients)', async () => {
    const model = createBagModel(2);
    const r = await step(model, { amp, sparseGradients: ['E'] });
    const sumSq = (t: tf.Tensor) => Array.from(t.dataSync()).reduce((s, v) => s + v * v, 0);
    const expected = Math.sqrt(sumSq(r.sparseGrads!.E.values) + sumSq(r.grads!['W']));
    expect(Math.abs(r.stats.gradNorm - expected) / expected).toBeLessThan(1e-6);
    freeResult(r);
    model.dispose();
  });

  it('a skipped step (non-finite loss) returns sparseGrads null and frees them', async () => {
    const model = createBagModel(3);
    const kept = model.weights.E.clone();
    const poisoned = tf.tidy(() => tf.scatterND([[3]], tf.fill([1, D], NaN), [V, D]).add(kept) as tf.Tensor2D);
    model.weights.E.assign(poisoned); // row 3 is looked up: the loss is NaN
    poisoned.dispose();
    const n = tf.memory().numTensors;
    const r = await step(model, { amp, sparseGradients: ['E'] });
    expect(r.grads).toBeNull();
    expect(r.sparseGrads).toBeNull();
    expect(tf.memory().numTensors).toBe(n);
    kept.dispose();
    model.dispose();
  });

  it('leaves no tensor behind (AMP step, results freed)', async () => {
    const model = createBagModel(4);
    freeResult(await step(model, { amp, sparseGradients: ['E'] })); // warm-up
    const n = tf.memory().numTensors;
    freeResult(await step(model, { amp, sparseGradients: ['E'] }));
    expect(tf.memory().numTensors).toBe(n);
    model.dispose();
  });
});

describe('mixStep sparseGradients validation', () => {
  const rejects: [string, 'ok' | 'none', unknown, RegExp][] = [
    ['a weight not in rowLookups', 'ok', ['W'], /sparseGradients.*"W".*rowLookups \(E\)/],
    ['an unknown name', 'ok', ['F'], /sparseGradients.*"F"/],
    ['a repeated name', 'ok', ['E', 'E'], /sparseGradients.*"E"/],
    ['not an array', 'ok', 'E', /sparseGradients.*"E".*an array/],
    ['a model without rowLookups', 'none', ['E'], /this model lists none/],
  ];
  for (const [what, lookups, value, message] of rejects) {
    it(`rejects ${what}, naming the option, leaving no tensor`, async () => {
      const model = createBagModel(5, lookups);
      const n = tf.memory().numTensors;
      const error = await step(model, { sparseGradients: value as string[] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OptionError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(n);
      model.dispose();
    });
  }

  const badIds: ['float' | 'out-of-range' | 'unread', RegExp][] = [
    ['float', /^model\.rowLookups\.E returned float32 \[20\]; expected int32 row ids of rank 1$/],
    ['out-of-range', /^model\.rowLookups\.E returned row id 12; expected ids in \[0, 12\)$/],
    ['unread', /^model\.forward did not read ForwardOptions\.rows\.E, though model\.rowLookups lists "E": read the rows when given, or leave it out of sparseGradients$/],
  ];
  for (const [lookups, message] of badIds) {
    it(`rejects a lookup that is ${lookups}, leaving no tensor`, async () => {
      const model = createBagModel(6, lookups);
      const n = tf.memory().numTensors;
      const error = await step(model, { amp, sparseGradients: ['E'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShapeError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(n);
      model.dispose();
    });
  }
});

describe('rowSparseWeights', () => {
  it('lists the trainable [rows, D] weights in rowLookups, nothing for a model without them', () => {
    const model = createBagModel(7);
    expect(rowSparseWeights(model)).toEqual(['E']);
    const without = createBagModel(8, 'none');
    expect(rowSparseWeights(without)).toEqual([]);
    const frozen = { ...model, weights: { ...model.weights, E: tf.variable(model.weights.E, false) } };
    expect(rowSparseWeights(frozen)).toEqual([]);
    const rank1 = { ...model, rowLookups: { ...model.rowLookups, W: model.rowLookups!.E }, weights: { ...model.weights, W: tf.tidy(() => tf.variable(tf.zeros([3]))) } };
    expect(rowSparseWeights(rank1)).toEqual(['E']);
    tf.dispose([frozen.weights.E, rank1.weights.W]);
    model.dispose();
    without.dispose();
  });
});

describe('densifyRowSparse', () => {
  it('places each row at its index, zeros elsewhere', () => {
    const g = { indices: tf.tensor1d([1, 4], 'int32'), values: tf.tensor2d([[1, 2], [3, 4]]), shape: [5, 2] as const };
    const d = densifyRowSparse(g);
    expect(d.arraySync()).toEqual([[0, 0], [1, 2], [0, 0], [0, 0], [3, 4]]);
    tf.dispose([d, g.indices, g.values]);
  });
});
