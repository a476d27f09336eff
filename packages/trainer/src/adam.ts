import * as tf from '@tensorflow/tfjs';
import { integerAtLeast, noUnknownKeys, numberInRange, OptionError, positiveNumber, uniqueScope } from '@ampmix/core';
import type { RowSparseGradient } from '@ampmix/core';

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Step size; default 2e-4 (the AMP reference code's). */
  learningRate?: number;
  /** Decay of the first moment; default 0.9. */
  beta1?: number;
  /** Decay of the second moment; default 0.999. */
  beta2?: number;
  /** Added to √v̂; default 1e-8 (PyTorch's). */
  epsilon?: number;
  /**
   * Names of [rows, D] weights (e.g. `['embedding']`) updated lazily: only the rows whose gradient is not all
   * zero (for an embedding table, the batch's words) — their moments and values move exactly as with dense Adam
   * (the global step's bias correction); every other row keeps its moments and value, where dense Adam would
   * still move it by its decaying momentum. TensorFlow's LazyAdam / PyTorch's SparseAdam semantics; opt-in, it
   * changes training (measured on TREC in docs/PERFORMANCE.md). Default none. The gradient may come dense or
   * row-sparse (`apply`'s `sparse`, from core's `mixStep({ sparseGradients })`): the same rows move, by the
   * same values.
   */
  lazy?: readonly string[];
}

/** Adam's state, for checkpoints: the step count and both moments by weight name (tensors owned by the optimizer). */
export interface AdamState {
  step: number;
  m: Record<string, tf.Tensor>;
  v: Record<string, tf.Tensor>;
}

/** The positions of the rows of `g` [R, D] that are not all zero, ascending (one synchronous read of R flags). */
function nonZeroRows(g: tf.Tensor): Int32Array {
  const flags = tf.tidy(() => tf.any(tf.notEqual(g, 0), 1)).dataSync();
  const rows: number[] = [];
  for (let r = 0; r < flags.length; r++) if (flags[r]) rows.push(r);
  return Int32Array.from(rows);
}

/**
 * Adam (Kingma & Ba, ICLR 2015) in the PyTorch form the AMP reference code trains with:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * Its state is plain tensors by weight name, so it is checkpointed and restored exactly; each weight is
 * updated on its own. Weights named in `lazy` get the row-sparse update (see {@link AdamOptions.lazy}): the
 * touched rows are gathered, updated by the same formulas and scattered back (`tensorScatterUpdate`).
 */
export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The weights updated lazily (row-sparse). */
  readonly lazy: ReadonlySet<string>;
  private readonly weights: Readonly<Record<string, tf.Variable>>;
  private readonly m: Record<string, tf.Variable> = {};
  private readonly v: Record<string, tf.Variable> = {};
  private t = 0;

  /** @param weights the trainable weights by local name (a model's `weights`). */
  constructor(weights: Readonly<Record<string, tf.Variable>>, options: AdamOptions = {}) {
    noUnknownKeys('adam', options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'lazy']);
    this.learningRate = positiveNumber('learningRate', options.learningRate ?? 2e-4);
    this.beta1 = numberInRange('beta1', options.beta1 ?? 0.9, 0, 0.999999);
    this.beta2 = numberInRange('beta2', options.beta2 ?? 0.999, 0, 0.999999);
    this.epsilon = positiveNumber('epsilon', options.epsilon ?? 1e-8);
    this.weights = weights;
    const lazy = options.lazy ?? [];
    if (!Array.isArray(lazy)) throw new OptionError('lazy', lazy, 'an array of weight names');
    for (const name of lazy) {
      if (!(name in weights) || weights[name].rank !== 2) {
        throw new OptionError('lazy', name, `names of rank-2 weights (${Object.keys(weights).filter((k) => weights[k].rank === 2).join(', ')})`);
      }
    }
    this.lazy = new Set(lazy);
    const scope = uniqueScope('adam');
    for (const [name, w] of Object.entries(weights)) {
      this.m[name] = tf.tidy(() => tf.variable(tf.zerosLike(w), false, `${scope}/m/${name}`));
      this.v[name] = tf.tidy(() => tf.variable(tf.zerosLike(w), false, `${scope}/v/${name}`));
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /**
   * One update with `grads` (by weight name) multiplied by `scale` (gradient clipping). Weights without a
   * gradient are left alone. `sparse` holds row-sparse gradients by weight name (core's `mixStep` with
   * `sparseGradients`): a lazy weight's updates only its rows, any other weight gets the dense update (the same
   * values as from the densified gradient, without forming it). Does not dispose `grads` or `sparse`. For a lazy weight the rows are those of its gradient that are not all zero
   * (found with one synchronous read of a flag per row; for a sparse gradient, of the listed rows only, plus
   * their ids).
   */
  apply(grads: Readonly<Record<string, tf.Tensor>>, scale = 1, sparse: Readonly<Record<string, RowSparseGradient>> = {}): void {
    for (const name of Object.keys(sparse)) {
      if (name in grads) throw new OptionError('sparse', name, 'weights whose gradient is not also in grads');
      if (!(name in this.weights)) throw new OptionError('sparse', name, `names of the optimizer's weights (${Object.keys(this.weights).join(', ')})`);
    }
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const stepSize = this.learningRate / (1 - b1 ** this.t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      for (const [name, w] of Object.entries(this.weights)) {
        const rowSparse = sparse[name];
        if (rowSparse && this.lazy.has(name)) {
          const keep = nonZeroRows(rowSparse.values);
          if (keep.length === 0) continue;
          const ids = rowSparse.indices.dataSync();
          const rows = tf.tensor2d(Int32Array.from(keep, (k) => ids[k]), [keep.length, 1], 'int32');
          // gatherND: several times faster than gather (GatherV2) on wasm
          const gR = keep.length === ids.length ? rowSparse.values : tf.gatherND(rowSparse.values, tf.tensor2d(keep, [keep.length, 1], 'int32'));
          this.applyRows(name, w, rows, scale === 1 ? gR : tf.mul(gR, scale), stepSize, sqrtBc2);
          continue;
        }
        if (rowSparse) {
          this.applyDenseFromRows(name, w, rowSparse, scale, stepSize, sqrtBc2);
          continue;
        }
        const raw = grads[name];
        if (!raw) continue;
        const g = scale === 1 ? raw : tf.mul(raw, scale);
        if (this.lazy.has(name)) {
          const keep = nonZeroRows(g);
          if (keep.length === 0) continue;
          const rows = tf.tensor2d(keep, [keep.length, 1], 'int32');
          this.applyRows(name, w, rows, tf.gatherND(g, rows), stepSize, sqrtBc2);
          continue;
        }
        const m = tf.add(tf.mul(this.m[name], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[name], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[name].assign(m);
        this.v[name].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), this.epsilon);
        w.assign(tf.sub(w, tf.mul(tf.div(m, denom), stepSize)));
      }
    });
  }

  /**
   * Dense Adam from a row-sparse gradient, without forming the dense one: the moments decay everywhere
   * (β·m), the listed rows add their gradient terms, then the usual update of every row. The same values as
   * the dense update of the densified gradient (there the other rows add an exact zero). Call inside a tidy.
   */
  private applyDenseFromRows(name: string, w: tf.Variable, g: RowSparseGradient, scale: number, stepSize: number, sqrtBc2: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const rows = tf.expandDims(g.indices, 1) as tf.Tensor2D;
    const gR = scale === 1 ? g.values : tf.mul(g.values, scale);
    const mDecayed = tf.mul(this.m[name], b1);
    const vDecayed = tf.mul(this.v[name], b2);
    const m = tf.tensorScatterUpdate(mDecayed, rows, tf.add(tf.gatherND(mDecayed, rows), tf.mul(gR, 1 - b1)));
    const v = tf.tensorScatterUpdate(vDecayed, rows, tf.add(tf.gatherND(vDecayed, rows), tf.mul(tf.square(gR), 1 - b2)));
    this.m[name].assign(m);
    this.v[name].assign(v);
    const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), this.epsilon);
    w.assign(tf.sub(w, tf.mul(tf.div(m, denom), stepSize)));
  }

  /**
   * The row-sparse update of one lazy weight: the same formulas on the rows `rows` [K, 1] with gradients
   * `gR` [K, D]. Call inside a tidy.
   */
  private applyRows(name: string, w: tf.Variable, rows: tf.Tensor2D, gR: tf.Tensor, stepSize: number, sqrtBc2: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const m = tf.add(tf.mul(tf.gatherND(this.m[name], rows), b1), tf.mul(gR, 1 - b1));
    const v = tf.add(tf.mul(tf.gatherND(this.v[name], rows), b2), tf.mul(tf.square(gR), 1 - b2));
    const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), this.epsilon);
    const wR = tf.sub(tf.gatherND(w, rows), tf.mul(tf.div(m, denom), stepSize));
    this.m[name].assign(tf.tensorScatterUpdate(this.m[name], rows, m));
    this.v[name].assign(tf.tensorScatterUpdate(this.v[name], rows, v));
    w.assign(tf.tensorScatterUpdate(w, rows, wR));
  }

  /** The current state (the optimizer's own tensors: clone them to keep them past {@link Adam.dispose}). */
  getState(): AdamState {
    return { step: this.t, m: { ...this.m }, v: { ...this.v } };
  }

  /** Copies a saved state in (shapes must match the weights). */
  setState(state: AdamState): void {
    integerAtLeast('adam step', state.step, 0);
    for (const name of Object.keys(this.weights)) {
      for (const [kind, store] of [['m', this.m], ['v', this.v]] as const) {
        const t = state[kind][name];
        if (!t) throw new TypeError(`Adam state lacks ${kind} of weight "${name}"`);
        if (!tf.util.arraysEqual(t.shape, store[name].shape)) {
          throw new TypeError(`Adam state ${kind} of "${name}" has shape [${t.shape.join(', ')}]; expected [${store[name].shape.join(', ')}]`);
        }
        store[name].assign(t);
      }
    }
    this.t = state.step;
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const t of [...Object.values(this.m), ...Object.values(this.v)]) t.dispose();
  }
}
