// Lazy (row-sparse) Adam of the embedding table against dense Adam on TREC: a short WordMixup + AMP run of the
// Kim CNN with the paper's widths (300-d random embeddings, 100 maps per width 3/4/5), the trainer's `train`
// with `lazyAdam: ['embedding']` or not, the same seed, data order, plans and initialisation. Runs in ABBA order
// per seed (dense, lazy, lazy, dense) so that load drifts hit both alike; prints each run's test error (best-dev
// model), best dev error, training time and CPU time, then the means.
// `--gradient dense` hides the model's rowLookups, so the embedding gradient comes dense (the trainer before the
// row-sparse gradient); the default is the row-sparse gradient `train()` takes now.
//   node tools/bench/prototypes/lazy-adam-trec.mjs [--steps 150] [--seeds 1] [--backend wasm] [--gradient sparse|dense]
import { parseArgs } from 'node:util';
import { chooseBackend } from '@ampmix/core';
import { wordMixup } from '@ampmix/sentence-mixup';
import { createKimCnn } from '@ampmix/text';
import { loadTextDataset } from '@ampmix/text/node';
import { train } from '@ampmix/trainer';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '150' }, seeds: { type: 'string', default: '1' }, backend: { type: 'string', default: 'wasm' }, gradient: { type: 'string', default: 'sparse' } } });
if (!['sparse', 'dense'].includes(values.gradient)) throw new Error(`--gradient must be sparse or dense; got ${values.gradient}`);
const steps = Number(values.steps);
await chooseBackend({ backend: values.backend, log: (l) => console.log(l) });
console.log(`embedding gradient: ${values.gradient === 'dense' ? 'dense (rowLookups hidden)' : 'row-sparse (as train() takes it)'}`);
const rows = [];
for (const seed of values.seeds.split(',').map(Number)) {
  const data = await loadTextDataset('trec', { seed, maxLength: 40 });
  console.log(`TREC seed ${seed}: ${data.summary.train} train, ${data.summary.dev} dev, ${data.summary.test} test, vocabulary ${data.summary.vocabulary}, length ${data.maxLength}`);
  for (const lazy of [false, true, true, false]) {
    const kim = createKimCnn({ vocabSize: data.vocab.size, numClasses: data.numClasses, maxLength: data.maxLength, embeddingDim: 300, numFilters: 100, filterSizes: [3, 4, 5], dropout: 0.5, seed });
    const model = values.gradient === 'dense' ? { ...kim, rowLookups: undefined } : kim;
    const c0 = process.cpuUsage();
    const r = await train({
      model, train: data.train, dev: data.dev, test: data.test, method: wordMixup(), amp: { epsilon: 0.002 },
      steps, batchSize: 50, learningRate: 1e-3, evalEvery: Math.max(1, Math.floor(steps / 5)), seed, progress: 'none',
      lazyAdam: lazy ? ['embedding'] : [],
    });
    const c = process.cpuUsage(c0);
    model.dispose();
    const row = { seed, adam: lazy ? 'lazy' : 'dense', testError: r.testError.bestDev, bestDev: r.bestDev?.error, trainMs: r.elapsedMs, cpuMs: (c.user + c.system) / 1000 };
    rows.push(row);
    console.log(`  ${row.adam.padEnd(5)} test error ${(100 * row.testError).toFixed(2)} %  best dev ${(100 * row.bestDev).toFixed(2)} %  train ${(row.trainMs / 1000).toFixed(1)} s (${(row.trainMs / steps).toFixed(0)} ms/step, evaluations included)  cpu ${(row.cpuMs / 1000).toFixed(1)} s`);
  }
}
for (const adam of ['dense', 'lazy']) {
  const rs = rows.filter((r) => r.adam === adam);
  const mean = (k) => rs.reduce((a, r) => a + r[k], 0) / rs.length;
  console.log(`${adam.padEnd(5)} mean over ${rs.length} runs: test error ${(100 * mean('testError')).toFixed(2)} %, train ${(mean('trainMs') / steps).toFixed(0)} ms/step, cpu ${(mean('cpuMs') / steps).toFixed(0)} ms/step`);
}
