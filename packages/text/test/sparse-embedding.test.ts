import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { betaPolicy, linearMixer, mixStep, resolveAmpOptions, Rng } from '@ampmix/core';
import type { MixStepResult } from '@ampmix/core';
import { wordMixup } from '@ampmix/sentence-mixup';
import { describe, expect, it } from 'vitest';
import { createKimCnn } from '../src/index.js';
import type { TextModel } from '../src/index.js';
import { FAST_PATH_IDS, FAST_PATH_LABELS, fastPathBiLstm, fastPathModel } from './fast-path-cases.js';
import { onBackend } from './helpers.js';

// issue 16: `mixStep({ sparseGradients: ['embedding'] })` on the text models: the embedding gradient row-sparse,
// the same values as the dense gradient's rows, with the step cache and the BiLSTM's trimmed padding

/** The same ids cut to 4 tokens: every row ends in padding, so the BiLSTM trims the batch to length 4. */
const SHORT_IDS = FAST_PATH_IDS.map((row) => [...row.slice(0, 4), 0, 0]);

async function step(model: TextModel, ids: number[][], site: string, mixer: 'linear' | 'word', sparse: boolean): Promise<MixStepResult> {
  const x = tf.tensor2d(ids, undefined, 'int32');
  const y = tf.tensor1d(FAST_PATH_LABELS, 'int32');
  const plan = { ...betaPolicy().plan({ batchSize: ids.length, rng: new Rng(5), sites: model.sites }), site };
  try {
    return await mixStep({
      model, inputs: x, labels: y, plan, mixer: mixer === 'word' ? wordMixup().mixer : linearMixer,
      amp: resolveAmpOptions({ epsilon: 0.5 }), seed: 3, ...(sparse ? { sparseGradients: ['embedding'] } : {}),
    });
  } finally {
    tf.dispose([x, y]);
  }
}

function free(r: MixStepResult): void {
  tf.dispose(Object.values(r.grads ?? {}));
  for (const g of Object.values(r.sparseGrads ?? {})) tf.dispose([g.indices, g.values]);
}

const CASES = [
  ['Kim CNN', fastPathModel, FAST_PATH_IDS, 'sentence', 'linear'],
  ['Kim CNN', fastPathModel, FAST_PATH_IDS, 'word', 'linear'],
  ['Kim CNN', fastPathModel, FAST_PATH_IDS, 'word', 'word'],
  ['BiLSTM', fastPathBiLstm, FAST_PATH_IDS, 'sentence', 'linear'],
  ['BiLSTM', fastPathBiLstm, SHORT_IDS, 'sentence', 'linear'],
  ['BiLSTM', fastPathBiLstm, SHORT_IDS, 'word', 'linear'],
  ['BiLSTM', fastPathBiLstm, SHORT_IDS, 'word', 'word'],
] as const;

describe.each(['cpu', 'wasm'])('sparse embedding gradients on %s', (backend) => {
  onBackend(backend);

  it.each(CASES)('%s (%#), AMP at %s with the %s mixer: the dense gradient\'s rows, bitwise', async (_, make, ids, site, mixer) => {
    const before = tf.memory().numTensors;
    const model = make();
    const dense = await step(model, ids as number[][], site, mixer, false);
    const sparse = await step(model, ids as number[][], site, mixer, true);
    expect(sparse.stats).toEqual({ ...dense.stats, gradNorm: sparse.stats.gradNorm });
    expect(Math.abs(sparse.stats.gradNorm - dense.stats.gradNorm) / dense.stats.gradNorm).toBeLessThan(1e-6);
    const names = Object.keys(dense.grads!).filter((k) => k !== 'embedding');
    expect(Object.keys(sparse.grads!).sort()).toEqual(names.sort());
    for (const k of names) expect(sparse.grads![k].dataSync(), k).toEqual(dense.grads![k].dataSync());

    const g = sparse.sparseGrads!.embedding;
    const used = [...new Set((ids as number[][]).flat())].sort((a, b) => a - b);
    expect(Array.from(g.indices.dataSync())).toEqual(used);
    expect(g.shape).toEqual([14, 5]);
    const denseRows = dense.grads!.embedding.arraySync() as number[][];
    const rows = g.values.arraySync() as number[][];
    used.forEach((id, k) => expect(rows[k], `row ${id}`).toEqual(denseRows[id]));
    for (let id = 0; id < 14; id++) if (!used.includes(id)) expect(denseRows[id].every((v) => v === 0)).toBe(true);
    expect(rows[0].every((v) => v === 0)).toBe(true); // PAD (id 0) is masked: no gradient
    free(dense);
    free(sparse);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the text models\' rowLookups', () => {
  it('is absent with frozen embeddings (the table is not a weight)', () => {
    const m = createKimCnn({ vocabSize: 14, numClasses: 3, maxLength: 6, embeddingDim: 5, trainableEmbeddings: false });
    expect(m.rowLookups).toBeUndefined();
    m.dispose();
  });

  it('rejects ids of the wrong shape with the model\'s message, leaving no tensor', async () => {
    const model = fastPathModel();
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2, 3]], undefined, 'int32');
    const y = tf.tensor1d([0], 'int32');
    const error = await mixStep({ model, inputs: x, labels: y, plan: null, mixer: linearMixer, training: false, sparseGradients: ['embedding'] }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('kim-cnn input must be int32 token ids of shape [batch, 6]; got int32 [1, 3]');
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
