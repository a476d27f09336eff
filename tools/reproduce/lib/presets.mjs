// The sweep's presets and the grid they expand to: datasets × variants × seeds × training fractions.
// A variant is a mixing method with or without AMP; ablation variants change one AMP setting at a time.
import { fileURLToPath } from 'node:url';
import { runKey } from '@ampmix/sweep';

/** Datasets of the paper's text experiments, by our loader's names. */
export const DATASETS = ['trec', 'sst1', 'sst2', 'mr', 'subj'];

/** Display names. */
export const DATASET_LABELS = { trec: 'TREC', sst1: 'SST-1', sst2: 'SST-2', mr: 'MR', subj: 'SUBJ' };

/** Datasets without a test split: 10-fold cross-validation, the fold taken from the seed. */
export const CV_DATASETS = new Set(['mr', 'subj']);

/** The five main rows of the comparison. */
export const MAIN_METHODS = ['none', 'word', 'word+amp', 'sen', 'sen+amp'];

/** Display names of the mixing methods. */
export const METHOD_LABELS = { none: 'no mix', word: 'WordMixup', sen: 'SenMixup' };

/**
 * The AMP configuration of the public reference code (Liu et al. 2021): ε = 0.002, re-weighting over a
 * window of 5 batches, λ' not clipped (the reference code does not clip).
 */
export const REFERENCE_AMP = Object.freeze({ epsilon: 0.002, clip: false, reweight: Object.freeze({ window: 5 }), direction: 'adversarial' });

/**
 * Ablation rows: one change at a time from the main AMP setting, applied to the preset's ablation base
 * method. `id` is the suffix of the variant id (`word+amp[eps=0.02]`).
 */
export const ABLATIONS = [
  { id: 'eps=0.02', label: 'ε = 0.02', amp: { epsilon: 0.02 } },
  { id: 'eps=0.2', label: 'ε = 0.2', amp: { epsilon: 0.2 } },
  { id: 'eps=2', label: 'ε = 2', amp: { epsilon: 2 } },
  { id: 'no-reweight', label: 'no re-weighting (mask only)', amp: { reweight: false } },
  { id: 'eps=2,no-reweight', label: 'ε = 2, no re-weighting', amp: { epsilon: 2, reweight: false } },
  { id: 'clip', label: "λ' clipped to [0, 1]", amp: { clip: true } },
  { id: 'eps=2,clip', label: "ε = 2, λ' clipped to [0, 1]", amp: { epsilon: 2, clip: true } },
  { id: 'random', label: 'random direction, same |Δλ|', amp: { direction: 'random' } },
  { id: 'eps=2,random', label: 'ε = 2, random direction, same |Δλ|', amp: { epsilon: 2, direction: 'random' } },
];

const KIM_CNN = { kind: 'cnn', embeddingDim: 300, numFilters: 100, filterSizes: [3, 4, 5], dropout: 0.5 };
const BILSTM = { kind: 'bilstm', embeddingDim: 300, hiddenSize: 100, dropout: 0.5 };

/**
 * Presets. `train` holds the trainer settings shared by every run; `mainAmp` the AMP setting of the
 * `+amp` rows; `ablation` where the ablation rows run.
 */
export const PRESETS = {
  smoke: {
    description: 'seconds: TREC only, WordMixup with and without AMP, 2 seeds, 6 steps, 8-d embeddings — checks the machinery, not the claim',
    datasets: ['trec'],
    methods: ['word', 'word+amp'],
    seeds: [1, 2],
    fractions: [1, 0.3],
    model: { kind: 'cnn', embeddingDim: 8, numFilters: 4, filterSizes: [3, 4], dropout: 0.5, hiddenSize: 8 },
    maxLength: 20,
    train: { steps: 6, batchSize: 50, learningRate: 2e-4, clipNorm: 10, evalEvery: 3, loss: 'softmax-bce', alpha: 1 },
    mainAmp: REFERENCE_AMP,
    ablation: { base: 'word', datasets: ['trec'], fractions: [1], ids: ['random'] },
    calibrationSteps: 3,
  },
  small: {
    description: 'about 6 minutes on 2 idle cores (wasm, measured with --estimate): TREC, 3 seeds, full data and 10%, the 5 rows and 7 ablation rows, a small Kim CNN (random 32-d embeddings, 32 maps per width, length ≤ 40), 300 steps at learning rate 5e-3; add --datasets trec,sst2 for SST-2 (about twice as long)',
    datasets: ['trec'],
    methods: MAIN_METHODS,
    seeds: [1, 2, 3],
    fractions: [1, 0.1],
    model: { kind: 'cnn', embeddingDim: 32, numFilters: 32, filterSizes: [3, 4, 5], dropout: 0.5, hiddenSize: 32 },
    maxLength: 40,
    train: { steps: 300, batchSize: 50, learningRate: 5e-3, clipNorm: 10, evalEvery: 50, loss: 'softmax-bce', alpha: 1 },
    mainAmp: REFERENCE_AMP,
    ablation: { base: 'word', datasets: ['trec'], fractions: [1], ids: ['eps=0.02', 'eps=0.2', 'eps=2', 'no-reweight', 'random', 'eps=2,random', 'eps=2,clip'] },
    calibrationSteps: 10,
  },
  paper: {
    description: "the reference code's settings: Kim CNN (300-d, 100 maps × widths 3/4/5, dropout 0.5), Adam 2e-4, batch 50, 8,000 steps, α = 1, ε = 0.002, gradient clip-norm 10, softmax-bce, re-weighting window 5, λ' unclipped, 10 seeds, all five datasets, full data, 30% and 10%",
    datasets: DATASETS,
    methods: MAIN_METHODS,
    seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    fractions: [1, 0.3, 0.1],
    model: KIM_CNN,
    maxLength: null,
    train: { steps: 8000, batchSize: 50, learningRate: 2e-4, clipNorm: 10, evalEvery: 200, loss: 'softmax-bce', alpha: 1 },
    mainAmp: REFERENCE_AMP,
    ablation: { base: 'word', datasets: ['trec', 'sst2'], fractions: [1], ids: ABLATIONS.map((a) => a.id) },
    calibrationSteps: 5,
  },
};

/** The BiLSTM settings a `--model bilstm` run uses in place of the preset's CNN (sizes follow the preset). */
export function bilstmFor(model) {
  return { kind: 'bilstm', embeddingDim: model.embeddingDim, hiddenSize: model.hiddenSize ?? BILSTM.hiddenSize, dropout: model.dropout };
}

/**
 * Parses a variant id: `none`, `word`, `sen`, `word+amp`, `sen+amp`, or `<base>+amp[<ablation id>]`.
 * @returns {{ id: string, method: 'none' | 'word' | 'sen', amp: boolean, ablation: string | null }}
 */
export function parseVariant(id) {
  const m = /^(none|word|sen)(\+amp(?:\[([^\]]+)\])?)?$/.exec(id);
  if (!m || (m[1] === 'none' && m[2])) {
    throw new Error(`unknown method ${JSON.stringify(id)}: expected none, word, word+amp, sen, sen+amp or <word|sen>+amp[<ablation>] with an ablation of ${ABLATIONS.map((a) => a.id).join(', ')}`);
  }
  const ablation = m[3] ?? null;
  if (ablation && !ABLATIONS.some((a) => a.id === ablation)) throw new Error(`unknown ablation ${JSON.stringify(ablation)}: expected one of ${ABLATIONS.map((a) => a.id).join(', ')}`);
  return { id, method: /** @type {any} */ (m[1]), amp: Boolean(m[2]), ablation };
}

/** The base variant (no AMP) an AMP variant is compared against; null for non-AMP variants. */
export function baseOf(variantId) {
  const v = parseVariant(variantId);
  return v.amp ? v.method : null;
}

/** Human label of a variant id. */
export function variantLabel(variantId) {
  const v = parseVariant(variantId);
  let s = METHOD_LABELS[v.method];
  if (v.amp) s += '+AMP';
  const abl = ABLATIONS.find((a) => a.id === v.ablation);
  if (abl) s += ` (${abl.label})`;
  return s;
}

/** The AMP options of a variant under `mainAmp` (false without AMP). */
export function ampFor(variantId, mainAmp) {
  const v = parseVariant(variantId);
  if (!v.amp) return false;
  /** @type {Record<string, unknown>} */
  const change = ABLATIONS.find((a) => a.id === v.ablation)?.amp ?? {};
  const amp = { ...mainAmp, ...change };
  return { epsilon: amp.epsilon, clip: amp.clip, reweight: amp.reweight ? { window: amp.reweight.window } : false, direction: amp.direction };
}

/** The runner module of the sweep's grids (one run in a pool process: see runner.mjs). */
export const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));

/**
 * The trainer spec of a grid run: its configuration's params with the run's seed and fraction; CV datasets
 * take the fold from the seed (seed mod 10), so a seed fixes the fold for every row.
 * @param {{ params: Record<string, any>, seed: number, fraction: number }} run
 */
export function specOfRun(run) {
  const { cv, ...rest } = run.params;
  return { dataset: rest.dataset, fraction: run.fraction, seed: run.seed, fold: cv ? run.seed % 10 : null, ...rest };
}

/**
 * Resolves a preset with the CLI's overrides into a plan: the settings and the ordered list of runs
 * ({ key, variant, spec }). Seeds are paired across variants: a seed fixes the initialisation, the
 * data subsample, the dev split, the CV fold and the run's generator.
 * @param {string} presetName
 * @param {{ datasets?: string[], methods?: string[], seeds?: number[], fractions?: number[], model?: 'cnn' | 'bilstm', steps?: number, ablations?: boolean }} [overrides]
 */
export function buildPlan(presetName, overrides = {}) {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`unknown preset ${JSON.stringify(presetName)}: expected one of ${Object.keys(PRESETS).join(', ')}`);
  const datasets = overrides.datasets ?? preset.datasets;
  for (const d of datasets) if (!DATASETS.includes(d)) throw new Error(`unknown dataset ${JSON.stringify(d)}: expected one of ${DATASETS.join(', ')}`);
  const methods = overrides.methods ?? preset.methods;
  methods.forEach(parseVariant);
  const seeds = overrides.seeds ?? preset.seeds;
  for (const s of seeds) if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) throw new Error(`seed must be an integer in [0, 2^32); got ${s}`);
  const fractions = overrides.fractions ?? preset.fractions;
  for (const f of fractions) if (!(f > 0 && f <= 1)) throw new Error(`fraction must be in (0, 1]; got ${f}`);
  const model = overrides.model === 'bilstm' ? bilstmFor(preset.model) : { ...preset.model, kind: 'cnn' };
  if (model.kind === 'cnn') delete model.hiddenSize;
  const train = { ...preset.train, ...(overrides.steps ? { steps: overrides.steps, evalEvery: Math.max(1, Math.min(preset.train.evalEvery, overrides.steps)) } : {}) };
  const withAblations = overrides.ablations ?? true;
  const abl = preset.ablation;

  /** The params of a grid configuration: everything of a run but its seed and fraction (and the fold they fix). */
  const paramsOf = (dataset, variant) => {
    const v = parseVariant(variant);
    return {
      dataset,
      cv: CV_DATASETS.has(dataset),
      maxLength: preset.maxLength,
      model,
      method: v.method,
      alpha: train.alpha,
      amp: ampFor(variant, preset.mainAmp),
      loss: train.loss,
      steps: train.steps,
      batchSize: train.batchSize,
      learningRate: train.learningRate,
      clipNorm: train.clipNorm,
      evalEvery: train.evalEvery,
    };
  };
  /** @type {{ key: string, variant: string, ablation: boolean, spec: Record<string, unknown> }[]} */
  const runs = [];
  const seen = new Set();
  const add = (dataset, fraction, seed, variant, ablation) => {
    const params = paramsOf(dataset, variant);
    const key = runKey({ id: variant, params }, seed, fraction, null, {});
    if (seen.has(key)) return;
    seen.add(key);
    runs.push({ key, variant, ablation, spec: specOfRun({ params, seed, fraction }) });
  };
  /** The grids of @ampmix/sweep the runs come from: per dataset the main rows, and the ablation rows where they run. */
  const grids = [];
  const config = (dataset, variant, ids) => {
    const base = baseOf(variant);
    const baseline = ids.includes(variant) ? `${abl.base}+amp` : base && ids.concat(methods).includes(base) ? base : undefined;
    return { id: variant, params: paramsOf(dataset, variant), ...(baseline ? { baseline } : {}) };
  };
  for (const dataset of datasets) {
    grids.push({ name: `${presetName}.${dataset}`, runner: RUNNER, configurations: methods.map((m) => config(dataset, m, [])), seeds, fractions });
    const ablationFractions = fractions.filter((f) => withAblations && abl.datasets.includes(dataset) && abl.fractions.includes(f));
    if (ablationFractions.length) {
      const ids = abl.ids.map((id) => `${abl.base}+amp[${id}]`);
      grids.push({ name: `${presetName}.${dataset}.ablations`, runner: RUNNER, configurations: [abl.base, `${abl.base}+amp`, ...ids].map((m) => config(dataset, m, ids)), seeds, fractions: ablationFractions });
    }
    for (const fraction of fractions) {
      for (const variant of methods) for (const seed of seeds) add(dataset, fraction, seed, variant, false);
      if (withAblations && abl.datasets.includes(dataset) && abl.fractions.includes(fraction)) {
        const ids = abl.ids.map((id) => `${abl.base}+amp[${id}]`);
        // an ablation row needs its base (no AMP) and the main +AMP row in the same cell
        for (const variant of [abl.base, `${abl.base}+amp`, ...ids]) for (const seed of seeds) add(dataset, fraction, seed, variant, ids.includes(variant));
      }
    }
  }
  return { preset: presetName, description: preset.description, datasets, methods, seeds, fractions, model, train, mainAmp: preset.mainAmp, ablation: withAblations ? abl : null, maxLength: preset.maxLength, calibrationSteps: preset.calibrationSteps, runs, grids };
}
