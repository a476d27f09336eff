// Command-line flags of `node tools/reproduce`.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PRESETS } from './presets.mjs';

export const USAGE = `usage: node tools/reproduce --preset smoke|small|paper [options]

Runs the grid datasets × rows × seeds × training fractions (Kim CNN; rows: no mix, WordMixup,
WordMixup+AMP, SenMixup, SenMixup+AMP, plus ablation rows), in parallel worker processes, appending
each finished run to a JSONL store (finished runs are skipped: rerun to resume), then writes the report.

  --preset NAME         smoke (seconds: checks the machinery), small (~6 min on 2 cores, wasm),
                        paper (the reference code's settings; days on a CPU)
  --datasets LIST       e.g. trec,sst2 (trec, sst1, sst2, mr, subj)
  --methods LIST        rows, e.g. none,word,word+amp (also sen, sen+amp, word+amp[eps=0.2], …)
  --seeds LIST          e.g. 1,2,3
  --fractions LIST      training fractions, e.g. 1,0.3,0.1
  --model cnn|bilstm    backbone (default cnn)
  --steps N             override the preset's steps per run
  --no-ablations        leave the ablation rows out
  --workers N           worker processes (default: one per core, ${os.availableParallelism?.() ?? os.cpus().length} here)
  --store PATH          results store (default runs/reproduce/<preset>/results.jsonl)
  --out PATH            report (default runs/reproduce/<preset>/RESULTS.md; figures go to <dir of PATH>/results/)
  --docs                write the report into the committed docs/RESULTS.md (and docs/results/) instead
  --no-report           do not write the report
  --backend NAME        auto (default), wasm, cpu, node, node-gpu
  --max-runs N          run at most N pending runs in this invocation, then report
  --no-calibrate        skip the timing calibration and the estimate
  --dry-run             print the grid size and exit
  --estimate            measure per-step timings, print the time estimate and exit
  --help`;

function list(name, value, parse) {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new Error(`--${name} needs a comma-separated list; got ${JSON.stringify(value)}`);
  return items.map((s) => parse(s, name));
}

function num(s, name) {
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`--${name}: ${JSON.stringify(s)} is not a number`);
  return v;
}

function int(s, name, min) {
  const v = Number(s);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}; got ${JSON.stringify(s)}`);
  return v;
}

/**
 * Parses and checks the flags; throws an Error whose message names the flag.
 * @param {string[]} argv
 */
export function parseCli(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      datasets: { type: 'string' },
      methods: { type: 'string' },
      seeds: { type: 'string' },
      fractions: { type: 'string' },
      model: { type: 'string' },
      steps: { type: 'string' },
      'no-ablations': { type: 'boolean' },
      workers: { type: 'string' },
      store: { type: 'string' },
      out: { type: 'string' },
      docs: { type: 'boolean' },
      'no-report': { type: 'boolean' },
      backend: { type: 'string' },
      'max-runs': { type: 'string' },
      'no-calibrate': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      estimate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  if (positionals.length) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const preset = values.preset;
  if (!preset) throw new Error(`--preset is required: one of ${Object.keys(PRESETS).join(', ')}`);
  if (!PRESETS[preset]) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}; got ${JSON.stringify(preset)}`);
  if (values.model !== undefined && !['cnn', 'bilstm'].includes(values.model)) throw new Error(`--model must be cnn or bilstm; got ${JSON.stringify(values.model)}`);
  if (values.docs && values.out !== undefined) throw new Error('--docs and --out both say where the report goes; pass one');
  if (values.docs && values['no-report']) throw new Error('--docs and --no-report contradict each other; pass one');
  const backends = ['auto', 'wasm', 'cpu', 'node', 'node-gpu'];
  const backend = values.backend ?? 'auto';
  if (!backends.includes(backend)) throw new Error(`--backend must be one of ${backends.join(', ')}; got ${JSON.stringify(backend)}`);
  return {
    help: false,
    preset,
    overrides: {
      datasets: list('datasets', values.datasets, (s) => s.toLowerCase().replace(/-/g, '')),
      methods: list('methods', values.methods, (s) => s),
      seeds: list('seeds', values.seeds, (s, n) => int(s, n, 0)),
      fractions: list('fractions', values.fractions, num),
      model: values.model,
      steps: values.steps === undefined ? undefined : int(values.steps, 'steps', 1),
      ablations: values['no-ablations'] ? false : undefined,
    },
    workers: values.workers === undefined ? (os.availableParallelism?.() ?? os.cpus().length) : int(values.workers, 'workers', 1),
    store: values.store ?? `runs/reproduce/${preset}/results.jsonl`,
    out: values['no-report'] ? null : (values.out ?? (values.docs ? 'docs/RESULTS.md' : `runs/reproduce/${preset}/RESULTS.md`)),
    backend,
    maxRuns: values['max-runs'] === undefined ? undefined : int(values['max-runs'], 'max-runs', 0),
    calibrate: !values['no-calibrate'],
    dryRun: Boolean(values['dry-run']),
    estimateOnly: Boolean(values.estimate),
  };
}
