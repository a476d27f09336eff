// The page: controls, one Web Worker per run (Mixup and Mixup + AMP, same seed), live SVG charts.
import type { FromWorker, PageBackend, ToWorker } from './protocol.js';
import { PAGE_BACKENDS } from './protocol.js';
import type { RunSettings, StepReport } from './run.js';
import type { TaskName } from './task-list.js';
import { TASK_LIST, TASK_NAMES, taskDefaults } from './task-list.js';
import { histogram, lineChart, median } from './charts.js';

/** What one run has reported; also read by the browser test through `window.__ampmix`. */
interface RunState {
  label: string;
  color: string;
  backend: string;
  backendLine: string;
  steps: Omit<StepReport, 'absDelta'>[];
  absDelta: number[];
  evals: { step: number; devError: number }[];
  done: null | Extract<FromWorker, { type: 'done' }>;
  error: string | null;
  settings: RunSettings;
  worker: Worker;
}

/** The colour of AMP's loss at λ' (its loss at λ has the run's colour). */
const LAMBDA_PRIME_COLOR = '#ff7f0e';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const state = { runs: [] as RunState[], paused: false };
(globalThis as unknown as { __ampmix: typeof state }).__ampmix = state;

for (const t of TASK_NAMES) $('task').insertAdjacentHTML('beforeend', `<option value="${t}">${TASK_LIST[t].title}, ${TASK_LIST[t].method}</option>`);
for (const b of PAGE_BACKENDS) $('backend').insertAdjacentHTML('beforeend', `<option value="${b}">${b}</option>`);
for (const [id, key] of [['task', 'task'], ['backend', 'backend'], ['epsilon', 'epsilon'], ['steps', 'steps'], ['seed', 'seed']] as const) {
  const v = params.get(key);
  if (v !== null) $<HTMLInputElement>(id).value = v;
}
if (params.get('amp') === '0') $<HTMLInputElement>('amp').checked = false;

function settings(amp: boolean): RunSettings {
  const task = $<HTMLSelectElement>('task').value as TaskName;
  const steps = Math.max(1, Number($<HTMLInputElement>('steps').value) | 0);
  return {
    task, amp, epsilon: Number($<HTMLInputElement>('epsilon').value), alpha: 1, seed: Number($<HTMLInputElement>('seed').value) | 0, steps,
    batchSize: Number(params.get('batch') ?? taskDefaults(task).batchSize),
    evalEvery: Math.max(1, Number(params.get('eval') ?? Math.round(steps / 10)) | 0), learningRate: taskDefaults(task).learningRate,
  };
}

let frame = 0;
function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    draw();
  });
}

function draw(): void {
  const runs = state.runs;
  const lossSeries = runs.flatMap((r) => [
    { name: `${r.label} at λ`, color: r.color, points: r.steps.map((s) => [s.step, s.lossBefore] as [number, number]) },
    ...(r.label.includes('AMP') ? [{ name: `${r.label} at λ'`, color: LAMBDA_PRIME_COLOR, dashed: true, points: r.steps.map((s) => [s.step, s.lossAfter] as [number, number]) }] : []),
  ]);
  const amp = runs.find((r) => r.label.includes('AMP'));
  $('shared').innerHTML = [
    lineChart("training loss at λ and at AMP's λ'", lossSeries),
    lineChart('dev error (%)', runs.map((r) => ({ name: r.label, color: r.color, points: r.evals.map((e) => [e.step, 100 * e.devError] as [number, number]) }))),
    lineChart('step time (ms)', runs.map((r) => ({ name: r.label, color: r.color, points: r.steps.slice(1).map((s) => [s.step, s.ms] as [number, number]) }))),
    ...(amp ? [
      lineChart("AMP mask rate (share trained at λ')", [{ name: amp.label, color: amp.color, points: amp.steps.map((s) => [s.step, s.maskRate] as [number, number]) }]),
      histogram("AMP's |λ' − λ| per example (last 20 steps)", amp.absDelta, amp.color, { x: "|λ' − λ|", yIntegers: true }),
    ] : []),
  ].join('');
  $('runs').innerHTML = runs
    .map((r) => {
      const last = r.steps.at(-1);
      const ms = median(r.steps.slice(1).map((s) => s.ms));
      const end = r.done ? (r.done.stopped ? 'stopped' : `test error ${(100 * (r.done.testError ?? NaN)).toFixed(1)} %`) : r.error ? `error: ${r.error}` : 'training';
      return `<div><h2 style="color:${r.color}">${r.label}</h2><div class="status">${r.backendLine}
step ${last?.step ?? 0}  loss ${last ? last.lossBefore.toFixed(4) : '-'}  median step ${Number.isFinite(ms) ? ms.toFixed(1) : '-'} ms
tensors ${last?.numTensors ?? '-'}  ${end}</div>${r.done ? `<button data-export="${r.label}">Download model</button>` : ''}</div>`;
    })
    .join('');
}

function startRun(label: string, color: string, s: RunSettings, backend: PageBackend): RunState {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const run: RunState = { label, color, backend, backendLine: 'starting…', steps: [], absDelta: [], evals: [], done: null, error: null, settings: s, worker };
  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    const m = ev.data;
    if (m.type === 'backend') run.backendLine = m.line;
    else if (m.type === 'step') {
      const { absDelta, ...rest } = m.report;
      run.steps.push(rest);
      if (absDelta) run.absDelta = [...run.absDelta, ...absDelta].slice(-20 * absDelta.length);
    } else if (m.type === 'eval') run.evals.push({ step: m.step, devError: m.devError });
    else if (m.type === 'done') run.done = m;
    else if (m.type === 'error') run.error = m.message;
    else if (m.type === 'model') download(run, m.json, m.bin);
    if (m.type === 'done' || m.type === 'error') finished();
    redraw();
  };
  worker.onerror = (e) => ((run.error = e.message || 'worker failed to load'), finished(), redraw());
  worker.postMessage({ type: 'start', settings: s, backend } satisfies ToWorker);
  return run;
}

function download(run: RunState, json: unknown, bin: ArrayBuffer): void {
  const base = `ampmix-${run.label.replace(/\W+/g, '-').toLowerCase()}`;
  const file = (name: string, blob: Blob) => {
    const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const manifest = json as { weightsManifest: { paths: string[] }[] };
  manifest.weightsManifest[0].paths = [`${base}.weights.bin`];
  file(`${base}.json`, new Blob([JSON.stringify(json, null, 1)], { type: 'application/json' }));
  file(`${base}.weights.bin`, new Blob([bin], { type: 'application/octet-stream' }));
}

function finished(): void {
  if (state.runs.every((r) => r.done || r.error)) {
    $<HTMLButtonElement>('start').disabled = false;
    $<HTMLButtonElement>('pause').disabled = true;
    $<HTMLButtonElement>('stop').disabled = true;
    $('status').textContent = 'finished';
  }
}

function send(m: ToWorker): void {
  for (const r of state.runs) r.worker.postMessage(m);
}

$('start').onclick = () => {
  for (const r of state.runs) r.worker.terminate();
  const backend = $<HTMLSelectElement>('backend').value as PageBackend;
  const only = params.get('only');
  const withAmp = $<HTMLInputElement>('amp').checked;
  const method = TASK_LIST[$<HTMLSelectElement>('task').value as TaskName].method;
  state.runs = [];
  if (only !== 'amp') state.runs.push(startRun(method, '#1f77b4', settings(false), backend));
  if (withAmp && only !== 'mixup') state.runs.push(startRun(`${method} + AMP`, '#d62728', settings(true), backend));
  state.paused = false;
  $<HTMLButtonElement>('start').disabled = true;
  $<HTMLButtonElement>('pause').disabled = false;
  $<HTMLButtonElement>('pause').textContent = 'Pause';
  $<HTMLButtonElement>('stop').disabled = false;
  $('status').textContent = `training on ${backend}${crossOriginIsolated ? ' (cross-origin isolated: threaded wasm)' : ''}`;
  redraw();
};
$('pause').onclick = () => {
  state.paused = !state.paused;
  send({ type: state.paused ? 'pause' : 'resume' });
  $<HTMLButtonElement>('pause').textContent = state.paused ? 'Resume' : 'Pause';
};
$('stop').onclick = () => send({ type: 'stop' });
$('runs').onclick = (ev) => {
  const label = (ev.target as HTMLElement).dataset.export;
  state.runs.find((r) => r.label === label)?.worker.postMessage({ type: 'export' } satisfies ToWorker);
};
draw();
if (params.get('autostart') === '1') $('start').click();
