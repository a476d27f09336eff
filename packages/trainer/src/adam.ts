import * as tf from '@tensorflow/tfjs';
import { integerAtLeast, noUnknownKeys, numberInRange, OptionError, positiveNumber, uniqueScope } from '@ampmix/core';

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
   * changes training (measured on TREC in docs/PERFORMANCE.md). Default none.
   */
  lazy?: readonly string[];
}

/** Adam's state, for checkpoints: the step count and both moments by weight name (tensors owned by the optimizer). */
export interface AdamState {
  step: number;
  m: Record<string, tf.Tensor>;
  v: Record<string, tf.Tensor>;
}

/** The rows of `g` [R, D] that are not all zero, as an int32 [U, 1] index tensor (one synchronous read of R flags). */
function nonZeroRows(g: tf.Tensor): tf.Tensor2D {
  const flags = tf.tidy(() => tf.any(tf.notEqual(g, 0), 1)).dataSync();
  const rows: number[] = [];
  for (let r = 0; r < flags.length; r++) if (flags[r]) rows.push(r);
  return tf.tensor2d(Int32Array.from(rows), [rows.length, 1], 'int32');
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
   * gradient are left alone. Does not dispose `grads`. For a lazy weight the rows are those of its gradient that
   * are not all zero (found with one synchronous read of a flag per row).
   */
  apply(grads: Readonly<Record<string, tf.Tensor>>, scale = 1): void {
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const stepSize = this.learningRate / (1 - b1 ** this.t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      for (const [name, w] of Object.entries(this.weights)) {
        const raw = grads[name];
        if (!raw) continue;
        const g = scale === 1 ? raw : tf.mul(raw, scale);
        if (this.lazy.has(name)) {
          this.applyRows(name, w, g, stepSize, sqrtBc2);
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

  /** The row-sparse update of one lazy weight: the same formulas on the rows with a gradient. Call inside a tidy. */
  private applyRows(name: string, w: tf.Variable, g: tf.Tensor, stepSize: number, sqrtBc2: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const rows = nonZeroRows(g);
    if (rows.shape[0] === 0) return;
    const gR = tf.gatherND(g, rows);
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
