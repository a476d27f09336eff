import * as tf from '@tensorflow/tfjs';
import { gatherRows, ShapeError } from '@ampmix/core';
import { randomEmbeddings } from '../embeddings/matrix.js';
import type { ResolvedTextModelOptions } from './options.js';

/** A word-embedding table and its lookup. */
export interface EmbeddingLayer {
  /** [vocabSize, dim]; trainable unless frozen. */
  readonly table: tf.Variable;
  /**
   * Vectors of `ids` [B, L] → [B, L, dim], PAD positions zero (the PAD row never receives a gradient:
   * Kim 2014 resets it to zero after every update, which this makes unnecessary). Uses core's
   * `gatherRows`, whose gradient (a scatterND into the table) works on every backend. With `rows` (the
   * B·L looked-up rows [B·L, dim], handed in by `mixStep`'s `sparseGradients` through `ForwardOptions.rows`)
   * it reads those instead of gathering from the table.
   */
  lookup(ids: tf.Tensor2D, rows?: tf.Tensor2D): tf.Tensor3D;
}

/** `ids` [B, L] as the flat [B·L] row ids the lookup reads (the text models' `rowLookups.embedding`). */
export function flatIds(ids: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(ids, [ids.shape[0] * ids.shape[1]]) as tf.Tensor1D;
}

/** 1 for tokens, 0 for PAD (id 0), as float32 [B, L]. */
export function tokenMask(ids: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.notEqual(ids, 0), 'float32') as tf.Tensor2D);
}

/**
 * Embedding lookup: the rows of `table` [V, D] at `ids` [B, L] → [B, L, D], PAD (id 0) positions zero.
 * Built on core's `gatherRows`: its gradient is one scatterND of the B·L looked-up rows' gradients into a
 * [V, D] tensor (the dense gradient tfjs optimizers take), on every backend, wasm included.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D, lookedUp?: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, l] = ids.shape;
    if (lookedUp && (lookedUp.rank !== 2 || lookedUp.shape[0] !== b * l || lookedUp.shape[1] !== table.shape[1])) {
      throw new ShapeError(`embedding rows must be [${b * l}, ${table.shape[1]}] (one per id); got [${lookedUp.shape.join(', ')}]`);
    }
    const rows = lookedUp ?? gatherRows(table, flatIds(ids));
    const mask = tf.reshape(tokenMask(ids), [b, l, 1]);
    return tf.mul(tf.reshape(rows, [b, l, table.shape[1]]), mask) as tf.Tensor3D;
  });
}

/** Creates the table from `o.embeddings` or a seeded U[−0.25, 0.25] draw, named `${scope}/embedding`. */
export function createEmbedding(scope: string, o: ResolvedTextModelOptions): EmbeddingLayer {
  const values = o.embeddings ?? randomEmbeddings(o.vocabSize, o.embeddingDim, o.seed);
  const table = tf.tidy(() => tf.variable(tf.tensor2d(values, [o.vocabSize, o.embeddingDim], 'float32'), o.trainableEmbeddings, `${scope}/embedding`));
  return {
    table,
    lookup: (ids, rows) => embeddingLookup(table as tf.Tensor as tf.Tensor2D, ids, rows),
  };
}
