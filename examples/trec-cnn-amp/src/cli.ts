import { AmpmixError, chooseBackend } from '@ampmix/core';
import type { BackendChoice } from '@ampmix/core';
import { formatHelp, parseFlags, processIO } from '@ampmix/trainer';
import type { CliIO, CommandHelp, FlagSpec, ProgressMode } from '@ampmix/trainer';
import { DEFAULT_SETTINGS, QUICK_SETTINGS } from './settings.js';
import type { TrecSettings } from './settings.js';
import { runTrecCnnAmp } from './run.js';

/** Flags of the default job. */
export const TREC_FLAGS: readonly FlagSpec[] = [
  { name: 'quick', kind: 'boolean', help: 'a tiny model on 5% of the data for 4 steps (seconds)' },
  { name: 'steps', kind: 'integer', min: 1, valueName: '<n>', help: 'steps of each run', defaultText: String(DEFAULT_SETTINGS.steps) },
  { name: 'seeds', kind: 'integer-list', min: 0, max: 0xffffffff, valueName: '<n,…>', help: 'seeds; each trains both configurations', defaultText: DEFAULT_SETTINGS.seeds.join(',') },
  { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, valueName: '<rate>', help: 'Adam learning rate', defaultText: String(DEFAULT_SETTINGS.learningRate) },
  { name: 'epsilon', kind: 'number', min: 0, valueName: '<e>', help: "AMP's step size on λ", defaultText: String(DEFAULT_SETTINGS.epsilon) },
  { name: 'embedding-dim', kind: 'integer', min: 1, valueName: '<n>', help: 'size of the random word vectors', defaultText: String(DEFAULT_SETTINGS.embeddingDim) },
  { name: 'max-length', kind: 'integer', min: 1, valueName: '<n>', help: 'tokens per sentence', defaultText: String(DEFAULT_SETTINGS.maxLength) },
  { name: 'backend', kind: 'choice', choices: ['auto', 'node-gpu', 'node', 'wasm', 'cpu'], help: 'TensorFlow.js backend', defaultText: 'auto' },
  { name: 'out', kind: 'path', valueName: '<dir>', help: 'output folder (logs, report)', defaultText: 'runs/trec-cnn-amp' },
  { name: 'progress', kind: 'choice', choices: ['auto', 'bar', 'lines', 'none'], help: 'progress display on stderr', defaultText: 'auto' },
  { name: 'help', kind: 'boolean', help: 'print this help' },
];

const HELP: CommandHelp = {
  command: 'node examples/trec-cnn-amp/run.mjs',
  summary: 'TREC, Kim CNN: WordMixup vs WordMixup + AMP with the same seeds; prints both test errors, the report path and the elapsed time.',
  usage: '[flags]',
  flags: TREC_FLAGS,
  examples: ['npm start', 'node examples/trec-cnn-amp/run.mjs --quick', 'node examples/trec-cnn-amp/run.mjs --seeds 1,2,3 --steps 600'],
};

/** The settings the flags select (`--quick` or the defaults, then the individual flags). */
export function settingsFromFlags(values: Readonly<Record<string, unknown>>): TrecSettings {
  const s: TrecSettings = { ...(values.quick ? QUICK_SETTINGS : DEFAULT_SETTINGS) };
  if (values.steps !== undefined) s.steps = values.steps as number;
  if (values.seeds !== undefined) s.seeds = values.seeds as number[];
  if (values.lr !== undefined) s.learningRate = values.lr as number;
  if (values.epsilon !== undefined) s.epsilon = values.epsilon as number;
  if (values['embedding-dim'] !== undefined) s.embeddingDim = values['embedding-dim'] as number;
  if (values['max-length'] !== undefined) s.maxLength = values['max-length'] as number;
  return s;
}

/** Runs the default job from command-line arguments; returns the exit code (errors: one line on stderr). */
export async function trecCnnAmpCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const t0 = performance.now();
  try {
    const { values } = parseFlags(argv, TREC_FLAGS, { command: 'trec-cnn-amp' });
    if (values.help) {
      io.out(formatHelp(HELP));
      return 0;
    }
    const settings = settingsFromFlags(values);
    const backend = await chooseBackend({ backend: (values.backend as BackendChoice | 'auto' | undefined) ?? 'auto', log: (l) => io.err(l) });
    await runTrecCnnAmp({
      settings,
      out: (values.out as string | undefined) ?? 'runs/trec-cnn-amp',
      progress: (values.progress as ProgressMode | undefined) ?? 'auto',
      io,
    });
    io.out(`elapsed: ${((performance.now() - t0) / 1000).toFixed(1)} s on the ${backend.choice} backend`);
    return 0;
  } catch (e) {
    io.err(`trec-cnn-amp: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ')}`);
    return e instanceof AmpmixError && (e.code === 'E_USAGE' || e.code === 'E_OPTION') ? 2 : 1;
  }
}
