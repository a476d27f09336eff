import type * as tf from '@tensorflow/tfjs';
import type { AmpState, RngState } from '@ampmix/core';
import type { AdamState } from '../adam.js';
import type { DataOrderState } from '../data-order.js';

/** Counters and selection state of a training run, saved so a resumed run continues exactly. */
export interface RunState {
  /** Non-finite steps skipped so far. */
  skippedSteps: number;
  /** Non-finite steps in a row at the end of the saved state. */
  nonFiniteInARow: number;
  /** Dev evaluations since the last improvement (early stopping). */
  evalsWithoutImprovement: number;
  /** The best dev evaluation so far (its weights are saved as `bestWeights`). */
  best: { step: number; error: number; loss: number } | null;
  /** The last dev evaluation. */
  lastDev: { step: number; error: number; loss: number } | null;
  /** Training time so far, in ms. */
  elapsedMs: number;
}

/**
 * What a checkpoint holds. Tensors are float32 and saved exactly; everything else is plain JSON.
 * Only `step`, `config` and `weights` are required (the CLI may save just a model).
 */
export interface CheckpointData {
  /** Optimizer steps done. */
  step: number;
  /** The run's configuration (seed, options, user config). */
  config: Record<string, unknown>;
  /** The model's weights by local name. */
  weights: Record<string, tf.Tensor>;
  /** Adam's step count and moments. */
  optimizer?: AdamState | null;
  /** A copy of the best-dev weights. */
  bestWeights?: Record<string, tf.Tensor> | null;
  /** State of the run's generator. */
  rng?: RngState | null;
  /** AMP engine state (re-weighting history). */
  amp?: AmpState | null;
  /** Where the data order stands. */
  dataOrder?: DataOrderState | null;
  /** Counters and selection state. */
  run?: RunState | null;
}

/** A verified checkpoint read by `loadCheckpoint`. The caller owns its tensors: free them with `disposeCheckpoint`. */
export interface Checkpoint {
  /** The checkpoint directory it was read from. */
  path: string;
  step: number;
  config: Record<string, unknown>;
  weights: Record<string, tf.Tensor>;
  optimizer: AdamState | null;
  bestWeights: Record<string, tf.Tensor> | null;
  rng: RngState | null;
  amp: AmpState | null;
  dataOrder: DataOrderState | null;
  run: RunState | null;
  /** Newer checkpoints that failed verification and were passed over, with the reason (empty when none). */
  skipped: { path: string; reason: string }[];
}
