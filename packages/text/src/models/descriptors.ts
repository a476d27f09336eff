import type { ModelDescriptor, OptionDescriptor } from '@ampmix/core';
import { createBiLstm } from './bilstm.js';
import type { BiLstmOptions } from './bilstm.js';
import { createKimCnn } from './kim-cnn.js';
import type { KimCnnOptions } from './kim-cnn.js';
import type { TextModelOptions } from './options.js';
import type { TextModel } from './text-model.js';

/** What the data fixes for a text model: vocabulary size, classes, length, embeddings, seed. */
export type TextModelContext = Omit<TextModelOptions, 'dropout'>;

const DROPOUT: OptionDescriptor = { name: 'dropout', type: 'number', default: 0.5, min: 0, max: 0.99, help: 'dropout rate before the classifier' };

/** {@link createKimCnn} described for command lines and forms (Kim, EMNLP 2014). */
export const kimCnnDescriptor: ModelDescriptor<TextModelContext, TextModel> = {
  kind: 'model',
  name: 'cnn',
  summary: 'Kim CNN: convolutions of several widths over word vectors, max-over-time pooling',
  paper: 'Kim, Convolutional Neural Networks for Sentence Classification, EMNLP 2014',
  reads: 'text',
  options: [
    { name: 'numFilters', type: 'integer', default: 100, min: 1, help: 'filters per width' },
    { name: 'filterSizes', type: 'integer-list', default: [3, 4, 5], min: 1, max: 1000, help: 'filter widths (distinct)' },
    DROPOUT,
  ],
  create: (context, options) => createKimCnn({ ...context, ...(options as Partial<KimCnnOptions>) }),
};

/** {@link createBiLstm} described for command lines and forms. */
export const biLstmDescriptor: ModelDescriptor<TextModelContext, TextModel> = {
  kind: 'model',
  name: 'lstm',
  summary: 'BiLSTM with attention pooling over word vectors',
  paper: 'Graves & Schmidhuber 2005 (bidirectional LSTM); the AMP reference code (Liu et al., EMNLP 2021)',
  reads: 'text',
  options: [
    { name: 'hiddenSize', type: 'integer', default: 100, min: 1, help: 'hidden units per direction' },
    { name: 'numLayers', type: 'integer', default: 1, min: 1, max: 8, help: 'stacked bidirectional layers' },
    DROPOUT,
  ],
  create: (context, options) => createBiLstm({ ...context, ...(options as Partial<BiLstmOptions>) }),
};
