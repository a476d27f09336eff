import type * as tf from '@tensorflow/tfjs';
import type { MixableModel } from '@ampmix/core';
import { createBiLstm, createKimCnn } from '@ampmix/text';
import type { TextModelOptions } from '@ampmix/text';
import { createImageMlp, createSmallCnn } from '@ampmix/vision';
import type { ModelConfig } from '../config.js';
import type { LoadedData } from './data.js';
import type { Embeddings } from './embeddings.js';

/**
 * Builds the model `config` names for `data` (initialised from `seed`). Text models need `embeddings`.
 */
export function buildModel(config: ModelConfig, data: LoadedData, seed: number, embeddings: Embeddings | null): MixableModel<tf.Tensor> {
  if (config.name === 'mlp' || config.name === 'small-cnn') {
    const o = { numClasses: data.numClasses, seed, ...(config.dropout !== undefined ? { dropout: config.dropout } : {}) };
    return (config.name === 'mlp' ? createImageMlp(o) : createSmallCnn(o)) as unknown as MixableModel<tf.Tensor>;
  }
  const splits = data.text!.splits;
  const o: TextModelOptions = {
    vocabSize: splits.vocab.size,
    numClasses: data.numClasses,
    maxLength: splits.maxLength,
    embeddingDim: embeddings!.dim,
    seed,
  };
  if (embeddings?.matrix) o.embeddings = embeddings.matrix;
  if (config.freezeEmbeddings) o.trainableEmbeddings = false;
  if (config.dropout !== undefined) o.dropout = config.dropout;
  if (config.name === 'cnn') {
    return createKimCnn({
      ...o,
      ...(config.filterSizes ? { filterSizes: config.filterSizes } : {}),
      ...(config.numFilters !== undefined ? { numFilters: config.numFilters } : {}),
    }) as unknown as MixableModel<tf.Tensor>;
  }
  return createBiLstm({ ...o, ...(config.hiddenSize !== undefined ? { hiddenSize: config.hiddenSize } : {}) }) as unknown as MixableModel<tf.Tensor>;
}
