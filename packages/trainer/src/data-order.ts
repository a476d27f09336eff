import type { Rng, RngState } from '@ampmix/core';
import { integerAtLeast, permutation } from '@ampmix/core';

/** Where the data order stands, for checkpoints: the epoch, its permutation and the next position in it. */
export interface DataOrderState {
  /** Epochs started so far (0 before the first batch). */
  epoch: number;
  /** Next position in `order`. */
  position: number;
  /** The current epoch's permutation of the training indices (empty before the first batch). */
  order: number[];
  /** State of the generator the permutations are drawn from (kept by the training session). */
  rng?: RngState;
}

/**
 * The order batches are drawn in: each epoch a fresh permutation of the training set drawn from the
 * generator it is handed (the run's data-order generator) (when the epoch's first batch is asked for), cut into batches; the last partial batch is kept
 * or dropped.
 */
export class DataOrder {
  private epochIndex = 0;
  private position = 0;
  private order: Int32Array = new Int32Array(0);

  constructor(
    readonly size: number,
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    integerAtLeast('size', size, 1);
    integerAtLeast('batchSize', batchSize, 1);
  }

  /** Epochs started so far. */
  get epoch(): number {
    return this.epochIndex;
  }

  /** Indices of the next batch; starts a new epoch (drawing its permutation from `rng`) when needed. */
  next(rng: Rng): Int32Array {
    const left = this.order.length - this.position;
    if (left === 0 || (this.dropLast && left < this.batchSize)) {
      this.order = permutation(rng, this.size);
      this.position = 0;
      this.epochIndex += 1;
    }
    const end = Math.min(this.position + this.batchSize, this.order.length);
    const indices = this.order.slice(this.position, end);
    this.position = end;
    return indices;
  }

  /** Plain-data state, for checkpoints. */
  getState(): DataOrderState {
    return { epoch: this.epochIndex, position: this.position, order: Array.from(this.order) };
  }

  /** A cheap capture of the state now; calling it materialises that state (the epoch order is never mutated). */
  mark(): () => DataOrderState {
    const { epochIndex: epoch, position, order } = this;
    return () => ({ epoch, position, order: Array.from(order) });
  }

  /** Restores {@link DataOrder.getState}; throws when it belongs to a training set of another size. */
  setState(state: DataOrderState): void {
    if (state.order.length !== 0 && state.order.length !== this.size) {
      throw new TypeError(`data order of ${state.order.length} examples cannot drive a training set of ${this.size}`);
    }
    integerAtLeast('dataOrder.position', state.position, 0, state.order.length);
    this.epochIndex = integerAtLeast('dataOrder.epoch', state.epoch, 0);
    this.position = state.position;
    this.order = Int32Array.from(state.order);
  }
}
