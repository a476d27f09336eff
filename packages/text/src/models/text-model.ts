import type * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import { ShapeError } from '@ampmix/core';

/** The mix sites of the text backbones, in network order (Guo et al. 2019). */
export const TEXT_SITES = ['word', 'sentence'] as const;

/** A text backbone: a {@link MixableModel} over int32 token ids [B, maxLength], with its embedding table. */
export interface TextModel extends MixableModel<tf.Tensor2D> {
  /** `kim-cnn` or `bilstm`. */
  readonly kind: string;
  /** The embedding table (listed in `weights` as `embedding` only when trainable). */
  readonly embedding: tf.Variable;
  readonly embeddingDim: number;
  readonly maxLength: number;
  /** Width of the pooled sentence vector (the `sentence` site). */
  readonly sentenceDim: number;
}

/** Throws a {@link ShapeError} unless `ids` is an int32 [B ≥ 1, maxLength] tensor. */
export function checkIds(kind: string, ids: tf.Tensor, maxLength: number): void {
  if (ids.rank !== 2 || ids.shape[1] !== maxLength || ids.shape[0] < 1 || ids.dtype !== 'int32') {
    throw new ShapeError(`${kind} input must be int32 token ids of shape [batch, ${maxLength}]; got ${ids.dtype} [${ids.shape.join(', ')}]`);
  }
}
