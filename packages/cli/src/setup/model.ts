import type * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import type { TextModelContext } from '@ampmix/text';
import type { ImageModelContext } from '@ampmix/vision';
import type { ModelConfig } from '../config.js';
import { modelNamed } from '../catalog.js';
import type { LoadedData } from './data.js';
import type { Embeddings } from './embeddings.js';

/**
 * Builds the model `config` names for `data` (initialised from `seed`) through its descriptor: what the data
 * fixes (classes; for text the vocabulary, length and `embeddings`) plus the options given.
 */
export function buildModel(config: ModelConfig, data: LoadedData, seed: number, embeddings: Embeddings | null): MixableModel<tf.Tensor> {
  const described = modelNamed(config.name);
  const options = config.options ?? {};
  if (described.reads === 'image') {
    const context: ImageModelContext = { numClasses: data.numClasses, seed };
    return described.create(context, options) as MixableModel<tf.Tensor>;
  }
  const splits = data.text!.splits;
  const context: TextModelContext = {
    vocabSize: splits.vocab.size,
    numClasses: data.numClasses,
    maxLength: splits.maxLength,
    embeddingDim: embeddings!.dim,
    seed,
  };
  if (embeddings?.matrix) context.embeddings = embeddings.matrix;
  if (config.freezeEmbeddings) context.trainableEmbeddings = false;
  return described.create(context, options) as MixableModel<tf.Tensor>;
}
