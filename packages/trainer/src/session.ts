import type * as tf from '@tensorflow/tfjs';
import type { AmpState, RngState } from '@ampmix/core';
import { createAmpState, Rng, rowSparseWeights } from '@ampmix/core';
import { Adam } from './adam.js';
import { DataOrder } from './data-order.js';
import type { DataOrderState } from './data-order.js';
import type { ResolvedTrainOptions } from './options.js';
import type { Checkpoint, CheckpointData, RunState } from './checkpoint/types.js';
import { CheckpointError } from './errors.js';
import { assignWeights, disposeTensors, snapshotWeights, weightMismatches } from './weights.js';

/** The plain-data part of a session at some step (what a step that is later skipped leaves unchanged). */
export interface SessionMark {
  step: number;
  rng: RngState;
  dataOrder: () => DataOrderState;
  run: RunState;
  bestWeights: Record<string, tf.Tensor> | null;
}

/**
 * Everything a training run carries from step to step: optimizer, generator, data order, AMP state,
 * counters and the best-dev weights. Converts to and from a checkpoint.
 */
export class TrainingSession<I> {
  readonly adam: Adam;
  /** The weights the model lists in `rowLookups` (an embedding table): their gradients come row-sparse from `mixStep`. */
  readonly sparseGradients: readonly string[] | undefined;
  /** Plans, dropout seeds and AMP's random direction. */
  readonly rng: Rng;
  /** The data order's own stream, so runs with the same seed see the same batches whatever the method. */
  readonly orderRng: Rng;
  readonly dataOrder: DataOrder;
  ampState: AmpState = createAmpState();
  step = 0;
  run: RunState = { skippedSteps: 0, nonFiniteInARow: 0, evalsWithoutImprovement: 0, best: null, lastDev: null, elapsedMs: 0 };
  bestWeights: Record<string, tf.Tensor> | null = null;
  private pinned: Record<string, tf.Tensor> | null = null;

  constructor(
    private readonly o: ResolvedTrainOptions<I>,
    readonly config: Record<string, unknown>,
  ) {
    this.adam = new Adam(o.model.weights, { learningRate: o.learningRate, lazy: o.lazyAdam });
    const sparse = rowSparseWeights(o.model);
    this.sparseGradients = sparse.length ? sparse : undefined;
    const root = new Rng(o.seed);
    this.orderRng = root.fork();
    this.rng = root.fork();
    this.dataOrder = new DataOrder(o.train.size, o.batchSize, o.dropLast);
  }

  /** Continues from `ckpt`: checks it fits this model and run, then restores every piece of state. */
  restore(ckpt: Checkpoint): void {
    const where = ckpt.path;
    const problems = weightMismatches(this.o.model.weights, ckpt.weights);
    if (problems.length) throw new CheckpointError(where, `checkpoint ${where} was written for a different model: ${problems.join('; ')}`);
    if (!ckpt.optimizer || !ckpt.rng || !ckpt.dataOrder || !ckpt.run) {
      throw new CheckpointError(where, `checkpoint ${where} holds no training state (optimizer, RNG, data order): it cannot resume a run`);
    }
    // every check before anything changes: a refused checkpoint leaves the model and the run as they were
    if (!ckpt.dataOrder.rng) throw new CheckpointError(where, `checkpoint ${where} holds no data-order generator state: it cannot resume a run`);
    if (ckpt.config.batchSize !== this.o.batchSize) {
      throw new CheckpointError(where, `checkpoint ${where} was written with batchSize ${String(ckpt.config.batchSize)}; this run uses ${this.o.batchSize}: resume with the same batchSize`);
    }
    if (ckpt.dataOrder.order.length !== 0 && ckpt.dataOrder.order.length !== this.o.train.size) {
      throw new CheckpointError(where, `checkpoint ${where} was written for a training set of ${ckpt.dataOrder.order.length} examples; this one has ${this.o.train.size}`);
    }
    if (ckpt.bestWeights && weightMismatches(this.o.model.weights, ckpt.bestWeights).length) {
      throw new CheckpointError(where, `checkpoint ${where} is corrupted: its best-dev weights do not fit the model`);
    }
    assignWeights(this.o.model.weights, ckpt.weights);
    this.adam.setState(ckpt.optimizer);
    this.rng.setState(ckpt.rng);
    this.dataOrder.setState(ckpt.dataOrder);
    this.orderRng.setState(ckpt.dataOrder.rng);
    this.ampState = ckpt.amp ? structuredClone(ckpt.amp) : createAmpState();
    this.run = structuredClone(ckpt.run);
    this.step = ckpt.step;
    this.replaceBest(ckpt.bestWeights);
  }

  /** Keeps copies of `weights` (default: the model's current ones) as the best-dev weights. */
  replaceBest(weights: Record<string, tf.Tensor> | null = this.o.model.weights): void {
    if (this.bestWeights && this.bestWeights !== this.pinned) disposeTensors(this.bestWeights);
    this.bestWeights = weights ? snapshotWeights(weights as Record<string, tf.Variable>) : null;
  }

  /**
   * Records a dev evaluation at `step`: it is the new best when its error is lower, or equal with a lower
   * loss (then the weights are copied); otherwise it counts towards early stopping. Returns whether it is
   * the new best.
   */
  recordEvaluation(step: number, r: { error: number; loss: number }): boolean {
    const b = this.run.best;
    const better = !b || r.error < b.error || (r.error === b.error && r.loss < b.loss);
    if (better) {
      this.run.best = { step, error: r.error, loss: r.loss };
      this.run.evalsWithoutImprovement = 0;
      this.replaceBest();
    } else {
      this.run.evalsWithoutImprovement += 1;
    }
    this.run.lastDev = { step, error: r.error, loss: r.loss };
    return better;
  }

  /** The plain-data state now, for a later checkpoint of the last good state. */
  mark(): SessionMark {
    const order = this.dataOrder.mark();
    const orderRng = this.orderRng.getState();
    return { step: this.step, rng: this.rng.getState(), dataOrder: () => ({ ...order(), rng: orderRng }), run: structuredClone(this.run), bestWeights: this.bestWeights };
  }

  /** Keeps the best-dev copy `mark` refers to alive (while it is the last good state to save) even if a newer best replaces it. */
  pin(mark: SessionMark): void {
    this.unpin();
    this.pinned = mark.bestWeights;
  }

  /** Releases {@link TrainingSession.pin}. */
  unpin(): void {
    if (this.pinned && this.pinned !== this.bestWeights) disposeTensors(this.pinned);
    this.pinned = null;
  }

  /**
   * What to save now, or at `mark` (weights, optimizer and AMP state are those of now: skipped steps leave
   * them unchanged, so they equal the mark's when every step since the mark was skipped).
   */
  checkpointData(mark: SessionMark | null = null): CheckpointData {
    return {
      step: mark?.step ?? this.step,
      config: this.config,
      weights: this.o.model.weights as Record<string, tf.Tensor>,
      optimizer: this.adam.getState(),
      bestWeights: mark ? mark.bestWeights : this.bestWeights,
      rng: mark?.rng ?? this.rng.getState(),
      amp: this.ampState,
      dataOrder: mark ? mark.dataOrder() : { ...this.dataOrder.getState(), rng: this.orderRng.getState() },
      run: mark?.run ?? this.run,
    };
  }

  /** Frees the optimizer state and the best-dev copy. */
  dispose(): void {
    this.adam.dispose();
    this.unpin();
    this.replaceBest(null);
  }
}
