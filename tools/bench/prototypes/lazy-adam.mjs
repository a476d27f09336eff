// Prototype: a lazy ("sparse") Adam update of an embedding table — only the rows seen in the batch.
//
// The dense update (tf.train.adam, the trainer's Adam) touches all V×D entries of the table and of both
// moments every step: ~13 full-size elementwise ops, 5.4 M floats each at V = 18,000, D = 300. The lazy
// update gathers the U ≤ B·L rows of the batch, updates them, and writes them back with
// tensorScatterUpdate. For the rows it touches the math is Adam's, with the global step's bias correction;
// rows not in the batch keep their moments and weights (as TensorFlow's LazyAdamOptimizer and PyTorch's
// SparseAdam) — dense Adam would still move them by their decaying momentum. A semantic change: opt-in.
import * as tf from '@tensorflow/tfjs';

/** Distinct ids of a batch, as an int32 [U, 1] tensor for gatherND / tensorScatterUpdate. */
export function uniqueRows(ids) {
  const seen = new Set(ids);
  return tf.tensor2d(Int32Array.from(seen), [seen.size, 1], 'int32');
}

/**
 * Adam over `weights` (name → tf.Variable) with the weights named in `sparse` updated lazily.
 * `apply(grads, rows)`: grads by name (dense tensors, as mixStep returns them), rows[name] = the batch's
 * ids (Int32Array) for each sparse weight.
 */
export class LazyAdam {
  constructor(weights, { learningRate = 2e-4, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, sparse = [] } = {}) {
    Object.assign(this, { weights, learningRate, beta1, beta2, epsilon, sparse: new Set(sparse), t: 0 });
    this.m = {};
    this.v = {};
    for (const [k, w] of Object.entries(weights)) {
      this.m[k] = tf.tidy(() => tf.variable(tf.zerosLike(w), false));
      this.v[k] = tf.tidy(() => tf.variable(tf.zerosLike(w), false));
    }
  }

  apply(grads, rows = {}) {
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const stepSize = this.learningRate / (1 - b1 ** this.t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      for (const [k, w] of Object.entries(this.weights)) {
        const g = grads[k];
        if (!g) continue;
        if (this.sparse.has(k)) {
          if (!rows[k]) throw new Error(`LazyAdam: rows of sparse weight "${k}" missing`);
          const u = uniqueRows(rows[k]);
          const gU = tf.gatherND(g, u);
          const mU = tf.add(tf.mul(tf.gatherND(this.m[k], u), b1), tf.mul(gU, 1 - b1));
          const vU = tf.add(tf.mul(tf.gatherND(this.v[k], u), b2), tf.mul(tf.square(gU), 1 - b2));
          const wU = tf.sub(tf.gatherND(w, u), tf.mul(tf.div(mU, tf.add(tf.div(tf.sqrt(vU), sqrtBc2), eps)), stepSize));
          this.m[k].assign(tf.tensorScatterUpdate(this.m[k], u, mU));
          this.v[k].assign(tf.tensorScatterUpdate(this.v[k], u, vU));
          w.assign(tf.tensorScatterUpdate(w, u, wU));
        } else {
          const m = tf.add(tf.mul(this.m[k], b1), tf.mul(g, 1 - b1));
          const v = tf.add(tf.mul(this.v[k], b2), tf.mul(tf.square(g), 1 - b2));
          this.m[k].assign(m);
          this.v[k].assign(v);
          w.assign(tf.sub(w, tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), sqrtBc2), eps)), stepSize)));
        }
      }
    });
  }

  dispose() {
    tf.dispose([...Object.values(this.m), ...Object.values(this.v)]);
  }
}
