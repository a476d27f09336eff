// Runs a plan on @ampmix/sweep: skips the runs already in the results store, calibrates per-step timings and
// prints an estimate, runs the plan's grids on the sweep's local process pool (each finished run is recorded in
// the store at once), then writes the report from everything stored.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { processPoolExecutor, ResultsStore, runGrid } from '@ampmix/sweep/node';
import { calibrationSpecs, estimateSweep, runCostMs, timingKey } from './estimate.mjs';
import { describeMachine } from './machine.mjs';
import { renderResults, fractionLabel } from './markdown.mjs';
import { writeFigures } from './plots.mjs';
import { RUNNER, variantLabel } from './presets.mjs';
import { summarize } from './summary.mjs';

/** Appends one JSON line to a log file (failures, invocations), creating its folder. */
export function appendJsonLine(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, `${JSON.stringify(value)}\n`);
  } finally {
    closeSync(fd);
  }
}

/** The calibration spec as a run of the grid runner (its params are the spec less seed, fraction and fold). */
function calibrationRun(c) {
  const { seed, fraction, fold, ...rest } = c.spec;
  return { key: c.key, sweep: 'calibration', configuration: c.key, params: { ...rest, cv: fold !== null && fold !== undefined }, shared: {}, seed, fraction, fold: null };
}

const fmtMin = (ms) => (ms >= 3600e3 ? `${(ms / 3600e3).toFixed(1)} h` : ms >= 60e3 ? `${(ms / 60e3).toFixed(1)} min` : `${(ms / 1e3).toFixed(0)} s`);

/** Path of the failures log next to a store. */
export function failuresPath(storePath) {
  return join(dirname(storePath), `${basename(storePath).replace(/\.jsonl$/, '')}.failures.jsonl`);
}

/** Path of the log of invocations (command, wall time, runs done) next to a store. */
export function invocationsPath(storePath) {
  return join(dirname(storePath), 'invocations.jsonl');
}

function readJsonLines(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
}

/** Path of the calibration timings next to a store. */
export function timingsPath(storePath) {
  return join(dirname(storePath), 'timings.json');
}

/**
 * @param {{ plan: ReturnType<typeof import('./presets.mjs').buildPlan>, storePath: string, outPath: string | null,
 *   workers: number, backend: string, maxRuns?: number, calibrate?: boolean, dryRun?: boolean, estimateOnly?: boolean, command: string,
 *   log?: (line: string) => void, env?: Record<string, string> }} o
 */
export async function runSweep(o) {
  const log = o.log ?? ((l) => console.error(l));
  const store = await ResultsStore.open(o.storePath, { warn: (m) => log(`store: ${m}`) });
  /** @type {{ executor: ReturnType<typeof processPoolExecutor> | null }} */
  const pool = { executor: null };
  try {
    return await sweepWith(o, log, store, (workers) => (pool.executor ??= processPoolExecutor(RUNNER, { workers, env: { ...(o.env ?? {}), AMPMIX_REPRODUCE_BACKEND: o.backend } })));
  } finally {
    await pool.executor?.close();
    await store.close();
  }
}

async function sweepWith(o, log, store, poolOf) {
  const t0 = performance.now();
  const machine = describeMachine();
  if (store.duplicates) log(`store: ${store.duplicates} duplicate line(s) ignored (the first of each key counts)`);
  const { plan } = o;
  const pending = plan.runs.filter((r) => !store.has(r.key));
  const workers = Math.max(1, Math.min(o.workers, pending.length || 1));
  log(`[reproduce] preset ${plan.preset}: ${plan.runs.length} runs in the grid, ${plan.runs.length - pending.length} already in ${o.storePath}, ${pending.length} to run on ${workers} worker(s) (backend ${o.backend})`);

  /** @type {any[]} */
  const workerInfo = [];
  const seenPids = new Set();
  const onReady = (info) => {
    if (!info || seenPids.has(info.pid)) return;
    seenPids.add(info.pid);
    log(`[reproduce] worker pid ${info.pid}: backend ${info.backend}, tfjs ${info.tfjs}, packages from ${info.from}`);
    if (!workerInfo.some((w) => w.backend === info.backend && w.tfjs === info.tfjs && w.from === info.from)) workerInfo.push(info);
  };

  // calibration → estimate
  /** @type {Map<string, any>} */
  const timings = new Map();
  let estimateMs = null;
  let idleEstimateMs = null;
  const todo = o.maxRuns !== undefined ? pending.slice(0, o.maxRuns) : pending;
  if (todo.length && o.calibrate !== false && !o.dryRun) {
    const specs = calibrationSpecs(todo, plan.calibrationSteps);
    log(`[reproduce] measuring per-step timings: ${specs.length} calibration run(s) of ${plan.calibrationSteps} steps…`);
    const pool = poolOf(workers);
    const results = await Promise.all(specs.map((task) => pool.run(calibrationRun(task), { runDir: null, resume: false }).catch((e) => {
      log(`[reproduce] calibration ${task.key} failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    })));
    specs.forEach((task, i) => {
      const result = results[i];
      if (!result) return;
      onReady(result.worker);
      timings.set(timingKey(task.spec), { dataset: task.spec.dataset, model: task.spec.model.kind, kind: task.key.split('|').pop(), ...pick(result) });
    });
    const est = estimateSweep(todo, timings, workers);
    const idle = estimateSweep(todo, timings, workers, 3000, 'cpu');
    estimateMs = est.ms;
    idleEstimateMs = idle.ms;
    const lines = [...timings.values()].map((t) => `${t.dataset} ${t.kind}: ${t.medianMsPerStep.toFixed(0)} ms/step (CPU ${t.medianCpuMsPerStep.toFixed(0)}), ${Number.isFinite(t.evalMs) ? t.evalMs.toFixed(0) : '?'} ms/dev eval`);
    log(`[reproduce] measured (wall, and CPU time of the worker): ${lines.join('; ')}`);
    log(`[reproduce] estimate: ${fmtMin(est.ms)} of wall time for ${todo.length} run(s) on ${workers} worker(s) at the current load (load average ${machine.loadAverage[0]} on ${machine.nproc} cores); ${fmtMin(idle.ms)} if the cores were otherwise idle (from CPU time)${est.unknown ? `; ${est.unknown} run(s) without a timing not counted` : ''}`);
    mkdirSync(dirname(o.storePath), { recursive: true });
    writeFileSync(timingsPath(o.storePath), `${JSON.stringify({ measuredAt: new Date().toISOString(), workers, loadAverage: machine.loadAverage, estimateMs: est.ms, idleEstimateMs: idle.ms, timings: [...timings.values()] }, null, 2)}\n`);
  } else if (o.dryRun) {
    log(`[reproduce] dry run: ${todo.length} run(s) would run`);
  } else if (o.estimateOnly && !todo.length) {
    log(`[reproduce] nothing to estimate: every run of the grid is in ${o.storePath} (use --store to estimate a fresh sweep)`);
  }
  const byKey = () => new Map(store.records().map((r) => [r.key, r]));
  if (o.estimateOnly) return { store, summary: summarize(plan, byKey()), failures: [], wallMs: performance.now() - t0, estimateMs, idleEstimateMs, timings, outPath: null, workerInfo };

  /** @type {any[]} */
  const failures = [];
  if (todo.length && !o.dryRun) {
    let finished = 0;
    let spent = 0;
    let estimatedSpent = 0;
    const remainingEst = () => {
      const left = todo.length - finished;
      if (!timings.size || !finished || left <= 0) return '';
      const ratio = estimatedSpent > 0 ? spent / estimatedSpent : 1;
      const est = estimateSweep(todo.slice(-left), timings, workers, 0);
      return `, about ${fmtMin(est.ms * ratio)} left`;
    };
    const pool = poolOf(workers);
    let budget = o.maxRuns ?? Infinity;
    for (const grid of plan.grids) {
      if (budget <= 0) break;
      const r = await runGrid(grid, {
        store, pool, retries: 1, maxRuns: Number.isFinite(budget) ? budget : undefined,
        onRun: (e) => {
          if (e.type === 'done') {
            const { record } = e;
            const result = /** @type {any} */ (record.result);
            onReady(result.worker);
            finished += 1;
            spent += result.wallMs;
            const s = plan.runs.find((x) => x.key === record.key)?.spec ?? record.run;
            const t = timings.get(timingKey(s));
            if (t) estimatedSpent += runCostMs(s, t);
            log(`[reproduce] ${finished}/${todo.length} ${s.dataset} ${fractionLabel(s.fraction)} ${variantLabel(record.run.configuration)} seed ${s.seed}: test error ${(100 * result.testError).toFixed(2)}% (best dev at step ${result.bestDev?.step}), ${(result.wallMs / 1000).toFixed(1)} s${remainingEst()}`);
          } else if (e.type === 'retry' || e.type === 'failed') {
            const final = e.type === 'failed';
            const variant = e.run.configuration;
            appendJsonLine(failuresPath(o.storePath), { time: new Date().toISOString(), key: e.run.key, variant, run: e.run, reason: e.error, attempt: e.attempt, final });
            log(`[reproduce] ${final ? 'FAILED (after a retry)' : 'failed, will retry once'}: ${e.run.params.dataset} ${variant} seed ${e.run.seed}: ${e.error}`);
            if (final) failures.push({ task: { key: e.run.key, spec: e.run }, reason: e.error, attempt: e.attempt, final, variant: variantLabel(variant) });
          }
        },
      });
      budget -= r.ran + r.failed.length;
    }
  }

  const wallMs = performance.now() - t0;
  const summary = summarize(plan, byKey());
  if (!o.dryRun) appendJsonLine(invocationsPath(o.storePath), { started: new Date(Date.now() - wallMs).toISOString(), wallMs, stored: store.size, command: o.command, workers, loadAverage: machine.loadAverage });
  // a resumed sweep reports the calibration and the estimate of the invocation that made them
  let shownTimings = { timings: [...timings.values()], estimateMs, idleEstimateMs, measuredAt: null };
  if (!timings.size && existsSync(timingsPath(o.storePath))) {
    try {
      const t = JSON.parse(readFileSync(timingsPath(o.storePath), 'utf8'));
      shownTimings = { timings: t.timings ?? [], estimateMs: t.estimateMs ?? null, idleEstimateMs: t.idleEstimateMs ?? null, measuredAt: t.measuredAt ?? null };
    } catch {
      // unreadable: report none
    }
  }
  const invocations = readJsonLines(invocationsPath(o.storePath));
  let outPath = null;
  if (o.outPath && !o.dryRun) {
    const outDir = dirname(o.outPath);
    const figureDir = join(outDir, 'results');
    const figures = await writeFigures(figureDir, summary.cells);
    const totalRunMs = plan.runs.reduce((a, r) => a + (store.get(r.key)?.result?.wallMs ?? 0), 0);
    const md = renderResults({
      plan, summary, machine, command: o.command, wallMs, workers, workerInfo: workerInfo.length ? workerInfo : storedWorkerInfo(plan, store),
      ...shownTimings, invocations, failures, figures, figureDir: relative(outDir, figureDir) || '.', storePath: relative(process.cwd(), o.storePath) || o.storePath,
      totalRunMs, date: new Date().toISOString(),
    });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(o.outPath, md);
    outPath = o.outPath;
    log(`[reproduce] wrote ${o.outPath} and ${figures.length * 2} figure file(s) in ${figureDir}`);
  }
  log(`[reproduce] ${summary.missing.length ? `${summary.missing.length} run(s) still missing; rerun the same command to continue` : 'all runs of the grid are stored'} (wall time ${fmtMin(wallMs)})`);
  return { store, summary, failures, wallMs, estimateMs, idleEstimateMs, timings, outPath, workerInfo };
}

function pick(r) {
  const keys = ['msPerStep', 'medianMsPerStep', 'cpuMsPerStep', 'medianCpuMsPerStep', 'evalMs', 'evalCpuMs', 'setupMs', 'setupCpuMs', 'finalMs', 'finalCpuMs'];
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

/** When nothing ran in this invocation: the backends recorded with the stored runs. */
function storedWorkerInfo(plan, store) {
  const seen = new Map();
  for (const r of plan.runs) {
    const m = store.get(r.key)?.result?.worker;
    if (m && !seen.has(`${m.backend}|${m.tfjs}|${m.from}`)) seen.set(`${m.backend}|${m.tfjs}|${m.from}`, { backend: m.backend, tfjs: m.tfjs, from: m.from });
  }
  return [...seen.values()];
}
