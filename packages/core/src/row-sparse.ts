import * as tf from '@tensorflow/tfjs';
import type { MixableModel } from './model.js';
import { gatherRows } from './gather.js';
import { ShapeError } from './errors.js';

/**
 * The gradient of a [rows, D] weight read only by row lookups (an embedding table), kept row-sparse: `values[k]`
 * is the gradient of row `indices[k]`; every row not listed has gradient zero. `indices` are distinct and
 * ascending (the rows the step looked up, duplicates summed into one row). The caller owns both tensors.
 */
export interface RowSparseGradient {
  /** Distinct row ids, ascending, int32 [U]. */
  readonly indices: tf.Tensor1D;
  /** The rows' gradients [U, D]. */
  readonly values: tf.Tensor2D;
  /** The weight's shape [rows, D]. */
  readonly shape: readonly [number, number];
}

/** The dense [rows, D] gradient a {@link RowSparseGradient} stands for (a new tensor; zeros outside its rows). */
export function densifyRowSparse(g: RowSparseGradient): tf.Tensor2D {
  return tf.tidy(() => tf.scatterND(tf.expandDims(g.indices, 1), g.values, [...g.shape]) as tf.Tensor2D);
}

/** The looked-up rows of one weight for one step: the distinct rows gathered once, and where each lookup reads. */
interface LookupSource {
  readonly unique: tf.Tensor1D;
  readonly inverse: tf.Tensor1D;
  /** The distinct rows [U, D]: a source of the training pass's tape, so its gradient is the row-sparse one. */
  readonly rows: tf.Tensor2D;
  readonly shape: readonly [number, number];
}

/** What `mixStep` keeps for its `sparseGradients`. */
export interface RowLookupSources {
  /** The distinct-row tensors, in `names` order (the extra sources of the training pass's tape). */
  readonly sources: tf.Tensor2D[];
  /**
   * `ForwardOptions.rows` for one pass: each lookup's rows [N, D], gathered (differentiably) from the distinct
   * rows when read (a getter: a pass that reads none of them, as AMP's cached passes, gathers nothing).
   */
  rowsForPass(): Record<string, tf.Tensor2D>;
  /** The row-sparse gradients from the tape's gradients of {@link RowLookupSources.sources}, in order (taken over). */
  gradients(grads: readonly tf.Tensor[]): Record<string, RowSparseGradient>;
  /** Frees the sources (not the gradients handed out). */
  dispose(): void;
}

/**
 * The weights `mixStep` can return row-sparse for `model`: those it lists in `rowLookups` that are trainable
 * [rows, D] weights (the names `sparseGradients` accepts).
 */
export function rowSparseWeights<I>(model: MixableModel<I>): string[] {
  const lookups = model.rowLookups;
  if (typeof lookups !== 'object' || lookups === null) return [];
  return Object.keys(lookups).filter((k) => typeof lookups[k] === 'function' && model.weights[k]?.trainable === true && model.weights[k].rank === 2);
}

/**
 * Gathers, for each weight in `names`, the distinct rows `model.rowLookups[name](inputs)` asks for (one small
 * read of the ids, awaited), so the step can differentiate with respect to those rows instead of the whole
 * table. Checks the ids: int32 rank 1, each in [0, rows).
 */
export async function prepareRowLookups<I>(model: MixableModel<I>, inputs: I, names: readonly string[]): Promise<RowLookupSources> {
  const bySource: [string, LookupSource][] = [];
  const free = () => {
    for (const [, s] of bySource) tf.dispose([s.unique, s.inverse, s.rows]);
  };
  try {
    for (const name of names) {
      const table = model.weights[name] as tf.Tensor as tf.Tensor2D;
      const idsT = model.rowLookups![name](inputs);
      let ids: Int32Array;
      try {
        if (!(idsT instanceof tf.Tensor) || idsT.rank !== 1 || idsT.dtype !== 'int32') {
          const shown = idsT instanceof tf.Tensor ? `${idsT.dtype} [${idsT.shape.join(', ')}]` : String(idsT);
          throw new ShapeError(`model.rowLookups.${name} returned ${shown}; expected int32 row ids of rank 1`);
        }
        ids = (await idsT.data()) as Int32Array;
      } finally {
        if (idsT instanceof tf.Tensor) idsT.dispose();
      }
      const rowCount = table.shape[0];
      const seen = new Map<number, number>();
      for (const id of ids) {
        if (!(id >= 0 && id < rowCount)) throw new ShapeError(`model.rowLookups.${name} returned row id ${id}; expected ids in [0, ${rowCount})`);
        seen.set(id, 0);
      }
      const unique = Int32Array.from(seen.keys()).sort();
      unique.forEach((id, k) => seen.set(id, k));
      const inverse = Int32Array.from(ids, (id) => seen.get(id)!);
      const uniqueT = tf.tensor1d(unique, 'int32');
      const inverseT = tf.tensor1d(inverse, 'int32');
      const rows = gatherRows(table, uniqueT) as tf.Tensor2D; // outside any tape: no gradient recorded
      bySource.push([name, { unique: uniqueT, inverse: inverseT, rows, shape: [rowCount, table.shape[1]] }]);
    }
  } catch (e) {
    free();
    throw e;
  }
  return {
    sources: bySource.map(([, s]) => s.rows),
    rowsForPass() {
      const rows: Record<string, tf.Tensor2D> = {};
      for (const [name, s] of bySource) Object.defineProperty(rows, name, { enumerable: true, get: () => gatherRows(s.rows, s.inverse) });
      return rows;
    },
    gradients(grads) {
      const out: Record<string, RowSparseGradient> = {};
      bySource.forEach(([name, s], k) => {
        out[name] = { indices: s.unique.clone(), values: grads[k] as tf.Tensor2D, shape: s.shape };
      });
      return out;
    },
    dispose: free,
  };
}
