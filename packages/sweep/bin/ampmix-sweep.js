#!/usr/bin/env node
// ampmix-sweep: the grid runner's command line (see README.md).
//   ampmix-sweep run <spec> --store PATH [--workers N | --in-process] [--runs-dir DIR] [--max-runs N]
//   ampmix-sweep submit <spec> --queue redis://HOST:PORT [--store PATH] [--attempts N]
//   ampmix-sweep worker --queue redis://HOST:PORT --store PATH [--runs-dir DIR] [--max-jobs N]
//   ampmix-sweep status --queue redis://HOST:PORT [--watch SECONDS]
//   ampmix-sweep table <spec> --store PATH
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `usage:
  ampmix-sweep run <spec> --store PATH [--workers N | --in-process] [--runs-dir DIR] [--max-runs N]
  ampmix-sweep submit <spec> --queue redis://HOST:PORT [--queue-name NAME] [--store PATH] [--attempts N] [--backoff-ms MS]
  ampmix-sweep worker --queue redis://HOST:PORT --store PATH [--queue-name NAME] [--runs-dir DIR] [--max-jobs N]
                      [--lock-ms MS] [--stalled-ms MS]
  ampmix-sweep status --queue redis://HOST:PORT [--queue-name NAME] [--watch SECONDS]
  ampmix-sweep table <spec> --store PATH

<spec> is a GridSpec: a .json file, or a module (.mjs) whose default export is one (or a function returning one);
a relative "runner" is taken from the spec's folder.`;

const fail = (msg, code = 2) => {
  console.error(`ampmix-sweep: ${msg}`);
  process.exit(code);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      store: { type: 'string' }, workers: { type: 'string' }, 'in-process': { type: 'boolean' }, 'runs-dir': { type: 'string' },
      'max-runs': { type: 'string' }, queue: { type: 'string' }, 'queue-name': { type: 'string' }, attempts: { type: 'string' },
      'backoff-ms': { type: 'string' }, 'max-jobs': { type: 'string' }, 'lock-ms': { type: 'string' }, 'stalled-ms': { type: 'string' },
      watch: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail(`${e.message.split('\n')[0]}\n\n${USAGE}`);
}
const { values: v, positionals } = parsed;
const [command, specPath] = positionals;
if (v.help || !command) {
  console.log(USAGE);
  process.exit(v.help ? 0 : 2);
}
const int = (name, min) => {
  if (v[name] === undefined) return undefined;
  const n = Number(v[name]);
  if (!Number.isInteger(n) || n < min) fail(`Invalid --${name}: got ${JSON.stringify(v[name])}; expected an integer ≥ ${min}`);
  return n;
};
const need = (name) => v[name] ?? fail(`${command} needs --${name}\n\n${USAGE}`);

const sweep = await import(new URL('../dist/node/index.js', import.meta.url).href).catch((e) => fail(`cannot load the built package (run npm run build): ${e.message}`, 1));

async function loadSpec() {
  if (!specPath) fail(`${command} needs a spec file\n\n${USAGE}`);
  const abs = resolve(specPath);
  if (!existsSync(abs)) fail(`spec file ${specPath} does not exist`);
  let spec;
  if (abs.endsWith('.json')) {
    try {
      spec = JSON.parse(readFileSync(abs, 'utf8'));
    } catch (e) {
      fail(`${specPath} is not valid JSON: ${e.message}`);
    }
  } else {
    const mod = await import(pathToFileURL(abs).href);
    spec = typeof mod.default === 'function' ? await mod.default() : mod.default;
  }
  if (!spec || typeof spec !== 'object') fail(`${specPath} has no GridSpec (a .json file of one, or a module whose default export is one)`);
  if (typeof spec.runner === 'string' && (spec.runner.startsWith('./') || spec.runner.startsWith('../'))) spec.runner = resolve(dirname(abs), spec.runner);
  else if (typeof spec.runner === 'string' && !isAbsolute(spec.runner) && !spec.runner.startsWith('file:')) spec.runner = spec.runner; // a package name
  return spec;
}
const target = () => ({ queue: need('queue'), queueName: v['queue-name'] });
const fmtMs = (ms) => (!Number.isFinite(ms) ? '?' : ms >= 3600e3 ? `${(ms / 3600e3).toFixed(1)} h` : ms >= 60e3 ? `${(ms / 60e3).toFixed(1)} min` : `${(ms / 1e3).toFixed(1)} s`);

try {
  if (command === 'run') {
    const spec = await loadSpec();
    const workers = int('workers', 1);
    const pool = v['in-process'] ? 'in-process' : (workers ?? Math.max(1, availableParallelism() - 0));
    const r = await sweep.runGrid(spec, {
      store: resolve(need('store')), pool, runsDir: v['runs-dir'] && resolve(v['runs-dir']), maxRuns: int('max-runs', 0),
      onRun: (e) => {
        if (e.type === 'start') console.error(`[sweep] ${e.total} runs, ${e.done} already stored, ${e.pending} to run (${e.executor})`);
        else if (e.type === 'done') console.error(`[sweep] ${e.finished} done: ${e.record.key} (${fmtMs(e.record.meta.wallMs)})`);
        else console.error(`[sweep] ${e.type === 'retry' ? 'retrying' : 'FAILED'} ${e.run.key} (attempt ${e.attempt}): ${e.error}`);
      },
    });
    console.log(sweep.formatGridTable(sweep.summarizeGrid(spec, r.records), { metricLabel: r.metric }));
    process.exit(r.failed.length ? 1 : 0);
  } else if (command === 'submit') {
    const spec = await loadSpec();
    const r = await sweep.submit(spec, { ...target(), store: v.store && resolve(v.store), attempts: int('attempts', 1), backoffMs: int('backoff-ms', 0) });
    console.log(`[sweep] ${r.total} runs: ${r.added} enqueued, ${r.existing} already queued, ${r.stored} already stored`);
  } else if (command === 'worker') {
    const w = await sweep.startWorker({
      ...target(), store: resolve(need('store')), runsDir: v['runs-dir'] && resolve(v['runs-dir']), maxJobs: int('max-jobs', 1),
      lockDurationMs: int('lock-ms', 1), stalledIntervalMs: int('stalled-ms', 1),
      onEvent: (e) => console.error(`[worker ${process.pid}] ${e.type} ${e.key}${e.type === 'error' ? `: ${e.error}` : ` (${fmtMs(e.wallMs)})`}`),
    });
    console.error(`[worker ${process.pid}] waiting for runs on ${v.queue}`);
    const stop = async () => {
      await w.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await w.finished;
    await stop();
  } else if (command === 'status') {
    const watch = int('watch', 1);
    for (;;) {
      const s = await sweep.sweepStatus(target());
      console.log(`done ${s.done}/${s.total}, running ${s.running}, waiting ${s.waiting}, failed ${s.failed}; ${s.workers} worker(s); ${fmtMs(s.meanRunMs)} per run; ETA ${fmtMs(s.etaMs)}`);
      for (const f of s.failures) console.log(`  failed ${f.key} after ${f.attempts} attempt(s): ${f.error}`);
      if (!watch || s.waiting + s.running === 0) break;
      await new Promise((r) => setTimeout(r, watch * 1000));
    }
  } else if (command === 'table') {
    const spec = await loadSpec();
    const store = await sweep.ResultsStore.open(resolve(need('store')), { exclusive: false });
    const records = store.records();
    await store.close();
    console.log(sweep.formatGridTable(sweep.summarizeGrid(spec, records), { metricLabel: sweep.resolveGridSpec(spec).metric }));
  } else {
    fail(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e), e?.code === 'E_LOCKED' || e instanceof RangeError ? 2 : 1);
}
