// Time estimates of a sweep from measured per-step timings.

/** The cost class of a run: per-step time depends on the dataset, the backbone, the mixing method and AMP. */
export function timingKind(spec) {
  return `${spec.method}${spec.amp ? '+amp' : ''}`;
}

/** Key of a timing: dataset × backbone × kind. */
export function timingKey(spec) {
  return `${spec.dataset}|${spec.model.kind}|${timingKind(spec)}`;
}

/** Number of dev evaluations a run makes: every `evalEvery` steps, plus the last step. */
export function evaluationsOf(spec) {
  return Math.floor(spec.steps / spec.evalEvery) + (spec.steps % spec.evalEvery ? 1 : 0);
}

/**
 * The calibration specs for `runs`: one short run per timing key (the first run of that key, with
 * `steps` steps and one evaluation at the end).
 */
export function calibrationSpecs(runs, steps) {
  const byKey = new Map();
  for (const r of runs) {
    const k = timingKey(r.spec);
    if (!byKey.has(k)) byKey.set(k, { ...r.spec, steps, evalEvery: steps });
  }
  return [...byKey.entries()].map(([key, spec]) => ({ key: `calibration:${key}`, spec }));
}

/**
 * A timing on the CPU-time basis: what the run takes on a core of its own. CPU time per step does not
 * grow when other processes compete for the cores, wall time does.
 */
export function cpuBasis(t) {
  return { msPerStep: t.cpuMsPerStep, evalMs: t.evalCpuMs, setupMs: t.setupCpuMs, finalMs: t.finalCpuMs };
}

/**
 * Expected wall time of one run (ms) from a timing of its kind: setup + steps × ms/step + evaluations ×
 * ms/eval + the final test evaluations.
 * @param {{ msPerStep: number, evalMs: number, setupMs: number, finalMs: number }} t
 */
export function runCostMs(spec, t) {
  const step = Number.isFinite(t.msPerStep) ? t.msPerStep : 0;
  const ev = Number.isFinite(t.evalMs) ? t.evalMs : 0;
  const fin = Number.isFinite(t.finalMs) ? t.finalMs : 0;
  return (t.setupMs || 0) + spec.steps * step + evaluationsOf(spec) * ev + fin;
}

/**
 * Estimated wall time of `runs` on `workers` processes: longest-processing-time-first list scheduling
 * of the per-run costs, plus `startupMs` for the workers to start. Runs without a timing of their kind
 * are counted in `unknown`.
 * @param {Map<string, any>} timings by {@link timingKey}
 * @param {'wall' | 'cpu'} [basis] `wall`: as measured (at the load of the moment); `cpu`: from CPU time (an idle machine)
 */
export function estimateSweep(runs, timings, workers, startupMs = 3000, basis = 'wall') {
  const costs = [];
  let unknown = 0;
  for (const r of runs) {
    const t = timings.get(timingKey(r.spec));
    if (!t) unknown++;
    else costs.push(runCostMs(r.spec, basis === 'cpu' ? cpuBasis(t) : t));
  }
  costs.sort((a, b) => b - a);
  const load = new Array(Math.max(1, workers)).fill(0);
  for (const c of costs) {
    let i = 0;
    for (let k = 1; k < load.length; k++) if (load[k] < load[i]) i = k;
    load[i] += c;
  }
  return { ms: (costs.length ? Math.max(...load) : 0) + (runs.length ? startupMs : 0), totalRunMs: costs.reduce((a, b) => a + b, 0), unknown };
}
