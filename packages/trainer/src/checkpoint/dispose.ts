import type { Checkpoint } from './types.js';
import { disposeTensors } from '../weights.js';

/** Frees every tensor of a checkpoint. */
export function disposeCheckpoint(checkpoint: Checkpoint): void {
  disposeTensors(checkpoint.weights);
  if (checkpoint.optimizer) {
    disposeTensors(checkpoint.optimizer.m);
    disposeTensors(checkpoint.optimizer.v);
  }
  if (checkpoint.bestWeights) disposeTensors(checkpoint.bestWeights);
}
