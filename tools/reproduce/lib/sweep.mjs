// Runs a plan: skips the runs already stored, calibrates per-step timings and prints an estimate, runs
// the rest on a pool of worker processes (each finished run is appended to the store at once), then
// writes the report from everything stored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrationSpecs, estimateSweep, runCostMs, timingKey } from './estimate.mjs';
import { describeMachine } from './machine.mjs';
import { renderResults, fractionLabel } from './markdown.mjs';
import { writeFigures } from './plots.mjs';
import { runPool } from './pool.mjs';
import { variantLabel } from './presets.mjs';
import { RunStore, appendJsonLine } from './store.mjs';
import { summarize } from './summary.mjs';

export const WORKER_PATH = fileURLToPath(new URL('./worker.mjs', import.meta.url));

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
 *   log?: (line: string) => void, workerPath?: string, env?: Record<string, string> }} o
 */
export async function runSweep(o) {
  const log = o.log ?? ((l) => console.error(l));
  const t0 = performance.now();
  const machine = describeMachine();
  const store = new RunStore(o.storePath);
  if (store.repaired) log(`store: dropped a partial last line (${store.repaired} bytes) left by an interrupted write; that run will be redone`);
  if (store.duplicates) log(`store: ${store.duplicates} duplicate line(s) ignored (the first of each key counts)`);
  const { plan } = o;
  const pending = plan.runs.filter((r) => !store.has(r.key));
  const workers = Math.max(1, Math.min(o.workers, pending.length || 1));
  log(`[reproduce] preset ${plan.preset}: ${plan.runs.length} runs in the grid, ${plan.runs.length - pending.length} already in ${o.storePath}, ${pending.length} to run on ${workers} worker(s) (backend ${o.backend})`);

  /** @type {any[]} */
  const workerInfo = [];
  const onReady = (info) => {
    log(`[reproduce] worker pid ${info.pid} ready: backend ${info.backend}, tfjs ${info.tfjs}, packages from ${info.from}`);
    if (!workerInfo.some((w) => w.backend === info.backend && w.tfjs === info.tfjs && w.from === info.from)) workerInfo.push(info);
  };
  const args = ['--backend', o.backend];
  const workerPath = o.workerPath ?? WORKER_PATH;

  // calibration → estimate
  /** @type {Map<string, any>} */
  const timings = new Map();
  let estimateMs = null;
  let idleEstimateMs = null;
  const todo = o.maxRuns !== undefined ? pending.slice(0, o.maxRuns) : pending;
  if (todo.length && o.calibrate !== false && !o.dryRun) {
    const specs = calibrationSpecs(todo, plan.calibrationSteps);
    log(`[reproduce] measuring per-step timings: ${specs.length} calibration run(s) of ${plan.calibrationSteps} steps…`);
    await runPool({
      tasks: specs, workers: Math.min(workers, specs.length), workerPath, args, env: o.env, onReady, onLog: log,
      onDone: ({ task, result }) => {
        timings.set(timingKey(task.spec), { dataset: task.spec.dataset, model: task.spec.model.kind, kind: task.key.split('|').pop(), ...pick(result) });
      },
      onFailure: (f) => log(`[reproduce] calibration ${f.task.key} failed: ${f.reason}`),
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
  if (o.estimateOnly) return { store, summary: summarize(plan, store.byKey), failures: [], wallMs: performance.now() - t0, estimateMs, idleEstimateMs, timings, outPath: null, workerInfo };

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
    const variantOf = new Map(plan.runs.map((r) => [r.key, r.variant]));
    const result = await runPool({
      tasks: todo.map((r) => ({ key: r.key, spec: r.spec })), workers, workerPath, args, env: o.env, maxRuns: o.maxRuns, onReady, onLog: log,
      onDone: ({ task, result, worker, attempts, started }) => {
        const variant = variantOf.get(task.key);
        store.append({ key: task.key, preset: plan.preset, variant, spec: task.spec, result, meta: { pid: worker.pid, backend: worker.info?.backend, tfjs: worker.info?.tfjs, from: worker.info?.from, attempts, started, finished: new Date().toISOString() } });
        finished += 1;
        spent += result.wallMs;
        const t = timings.get(timingKey(task.spec));
        if (t) estimatedSpent += runCostMs(task.spec, t);
        const s = task.spec;
        log(`[reproduce] ${finished}/${todo.length} ${s.dataset} ${fractionLabel(s.fraction)} ${variantLabel(variant)} seed ${s.seed}: test error ${(100 * result.testError).toFixed(2)}% (best dev at step ${result.bestDev?.step}), ${(result.wallMs / 1000).toFixed(1)} s${remainingEst()}`);
      },
      onFailure: (f) => {
        const entry = { time: new Date().toISOString(), key: f.task.key, variant: variantOf.get(f.task.key), spec: f.task.spec, reason: f.reason, attempt: f.attempt, final: f.final, pid: f.pid };
        appendJsonLine(failuresPath(o.storePath), entry);
        log(`[reproduce] ${f.final ? 'FAILED (after a retry)' : 'failed, will retry once'}: ${f.task.spec.dataset} ${variantOf.get(f.task.key)} seed ${f.task.spec.seed}: ${f.reason}`);
        if (f.final) failures.push({ ...f, variant: variantLabel(variantOf.get(f.task.key)) });
      },
    });
    for (const f of result.failed) if (!failures.some((x) => x.task.key === f.task.key)) failures.push(f);
  }

  const wallMs = performance.now() - t0;
  const summary = summarize(plan, store.byKey);
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
    const totalRunMs = plan.runs.reduce((a, r) => a + (store.byKey.get(r.key)?.result?.wallMs ?? 0), 0);
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
    const m = store.byKey.get(r.key)?.meta;
    if (m && !seen.has(`${m.backend}|${m.tfjs}|${m.from}`)) seen.set(`${m.backend}|${m.tfjs}|${m.from}`, { backend: m.backend, tfjs: m.tfjs, from: m.from });
  }
  return [...seen.values()];
}
