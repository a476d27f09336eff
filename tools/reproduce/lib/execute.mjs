// One training run of the sweep: load the dataset (cached per worker), build the backbone, train with the
// trainer, and return the test error of the best-dev model with λ statistics and timings.

/** Mean of a list (NaN when empty). */
function avg(xs) {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function cpuMsSince(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** The dataset options of a run spec (what the cache is keyed by). */
export function dataOptions(spec) {
  const o = { fraction: spec.fraction, seed: spec.seed };
  if (spec.fold !== null && spec.fold !== undefined) o.fold = spec.fold;
  if (spec.maxLength !== null && spec.maxLength !== undefined) o.maxLength = spec.maxLength;
  return o;
}

/**
 * Collects per-step AMP statistics (mean |λ' − λ|, mask rate) and timings through the trainer's callbacks.
 */
export class RunMeter {
  /**
   * @param {() => number} [now] wall clock in ms
   * @param {() => number} [cpu] this process's CPU time in ms (user + system): with other processes
   *   competing for the cores, CPU time per step stays close to the wall time the step takes on an idle core
   */
  constructor(now = () => performance.now(), cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }) {
    this.now = now;
    this.cpu = cpu;
    this.deltaLambda = [];
    this.maskRate = [];
    this.stepMs = [];
    this.stepCpuMs = [];
    this.evalMs = [];
    this.evalCpuMs = [];
    this.last = null;
    this.lastCpu = null;
    this.lastBatchEnd = null;
    this.lastBatchEndCpu = null;
  }

  get callbacks() {
    return {
      onTrainBegin: () => {
        this.last = this.now();
        this.lastCpu = this.cpu();
      },
      onBatchEnd: (_step, stats) => {
        const t = this.now();
        const c = this.cpu();
        if (this.last !== null) this.stepMs.push(t - this.last);
        if (this.lastCpu !== null) this.stepCpuMs.push(c - this.lastCpu);
        this.last = t;
        this.lastCpu = c;
        this.lastBatchEnd = t;
        this.lastBatchEndCpu = c;
        if (Number.isFinite(stats.meanAbsDeltaLambda)) this.deltaLambda.push(stats.meanAbsDeltaLambda);
        if (Number.isFinite(stats.maskRate)) this.maskRate.push(stats.maskRate);
      },
      onEvalEnd: () => {
        const t = this.now();
        const c = this.cpu();
        if (this.lastBatchEnd !== null) this.evalMs.push(t - this.lastBatchEnd);
        if (this.lastBatchEndCpu !== null) this.evalCpuMs.push(c - this.lastBatchEndCpu);
        this.last = t;
        this.lastCpu = c;
      },
    };
  }

  /** Summary: means over steps; the first step (warm-up) is left out of the step timings when there are more. */
  summary() {
    const skipFirst = (xs) => (xs.length > 1 ? xs.slice(1) : xs);
    const steps = skipFirst(this.stepMs);
    const cpuSteps = skipFirst(this.stepCpuMs);
    return {
      meanAbsDeltaLambda: avg(this.deltaLambda),
      maskRate: avg(this.maskRate),
      msPerStep: avg(steps),
      medianMsPerStep: median(steps),
      cpuMsPerStep: avg(cpuSteps),
      medianCpuMsPerStep: median(cpuSteps),
      evalMs: avg(this.evalMs),
      evalCpuMs: avg(this.evalCpuMs),
      evals: this.evalMs.length,
    };
  }
}

/**
 * Runs one spec with the loaded packages `pk` ({ trainer, sentence }). `cache` (a Map) keeps loaded
 * datasets between runs of one worker.
 * @returns {Promise<Record<string, unknown>>} plain JSON
 */
export async function executeRun(pk, spec, cache = new Map()) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const dataKey = JSON.stringify([spec.dataset, dataOptions(spec)]);
  let data = cache.get(dataKey);
  if (!data) {
    data = await pk.sentence.loadTextDataset(spec.dataset, dataOptions(spec));
    if (cache.size >= 4) cache.delete(cache.keys().next().value);
    cache.set(dataKey, data);
  }
  const m = spec.model;
  const common = {
    vocabSize: data.vocab.size,
    numClasses: data.numClasses,
    maxLength: data.maxLength,
    embeddingDim: m.embeddingDim,
    dropout: m.dropout,
    seed: spec.seed,
  };
  const model = m.kind === 'bilstm'
    ? pk.sentence.createBiLstm({ ...common, hiddenSize: m.hiddenSize })
    : pk.sentence.createKimCnn({ ...common, filterSizes: m.filterSizes, numFilters: m.numFilters });
  const method = spec.method === 'word' ? pk.sentence.wordMixup({ alpha: spec.alpha })
    : spec.method === 'sen' ? pk.sentence.senMixup({ alpha: spec.alpha })
    : null;
  const meter = new RunMeter();
  const setupMs = performance.now() - t0;
  const setupCpuMs = cpuMsSince(cpu0);
  try {
    const r = await pk.trainer.train({
      model,
      train: data.train,
      dev: data.dev,
      test: data.test,
      method,
      amp: spec.amp,
      loss: spec.loss,
      steps: spec.steps,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      clipNorm: spec.clipNorm,
      evalEvery: spec.evalEvery,
      seed: spec.seed,
      progress: 'none',
      callbacks: meter.callbacks,
    });
    const end = performance.now();
    const cpuMs = cpuMsSince(cpu0);
    const s = meter.summary();
    return {
      testError: r.testError.bestDev,
      testErrorLast: r.testError.last,
      bestDev: r.bestDev,
      lastDevError: r.lastDevError,
      steps: r.steps,
      skippedSteps: r.skippedSteps,
      trainMs: r.elapsedMs,
      wallMs: end - t0,
      cpuMs,
      setupMs,
      setupCpuMs,
      finalMs: meter.last === null ? NaN : end - meter.last,
      finalCpuMs: meter.lastCpu === null ? NaN : cpuMs + (cpu0.user + cpu0.system) / 1000 - meter.lastCpu,
      data: { train: data.train.size, dev: data.dev.size, test: data.test.size, vocabulary: data.vocab.size, maxLength: data.maxLength },
      ...s,
    };
  } finally {
    if (typeof model.dispose === 'function') model.dispose();
  }
}
