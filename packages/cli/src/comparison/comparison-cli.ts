import { AmpmixError } from '@ampmix/core';
import type { FlagSpec } from '../flags.js';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import { processIO } from '../io.js';
import { BACKEND_FLAG_CHOICES, PROGRESS_CHOICES } from '../catalog.js';
import type { ProgressMode } from '@ampmix/trainer';
import { runTextComparison } from './text-comparison.js';
import type { TextComparisonSettings, TextComparisonSpec } from './text-comparison.js';
import { selectBackend } from '../backend.js';

/** The flags of a text comparison's command line, with `defaults` shown; `quickHelp` describes `--quick`. */
export function textComparisonFlags(name: string, defaults: TextComparisonSettings, quickHelp: string): FlagSpec[] {
  return [
    { name: 'quick', kind: 'boolean', help: quickHelp },
    { name: 'steps', kind: 'integer', min: 1, valueName: '<n>', help: 'steps of each run', defaultText: String(defaults.steps) },
    { name: 'seeds', kind: 'integer-list', min: 0, max: 0xffffffff, valueName: '<n,…>', help: 'seeds; each trains both configurations', defaultText: defaults.seeds.join(',') },
    { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, valueName: '<rate>', help: 'Adam learning rate', defaultText: String(defaults.learningRate) },
    { name: 'epsilon', kind: 'number', min: 0, valueName: '<e>', help: "AMP's step size on λ", defaultText: String(defaults.epsilon) },
    { name: 'embedding-dim', kind: 'integer', min: 1, valueName: '<n>', help: 'size of the random word vectors', defaultText: String(defaults.embeddingDim) },
    { name: 'max-length', kind: 'integer', min: 1, valueName: '<n>', help: 'tokens per sentence', defaultText: String(defaults.maxLength) },
    { name: 'backend', kind: 'choice', choices: BACKEND_FLAG_CHOICES, help: 'TensorFlow.js backend', defaultText: 'auto' },
    { name: 'out', kind: 'path', valueName: '<dir>', help: 'output folder (logs, report)', defaultText: `runs/${name}` },
    { name: 'progress', kind: 'choice', choices: PROGRESS_CHOICES, help: 'progress display on stderr', defaultText: 'auto' },
    { name: 'help', kind: 'boolean', help: 'print this help' },
  ];
}

/** The settings the flags select: `quick` or `defaults`, then each flag of {@link textComparisonFlags}. */
export function textComparisonSettings<S extends TextComparisonSettings>(values: Readonly<Record<string, unknown>>, defaults: S, quick: S): S {
  const s: S = { ...(values.quick ? quick : defaults) };
  if (values.steps !== undefined) s.steps = values.steps as number;
  if (values.seeds !== undefined) s.seeds = values.seeds as number[];
  if (values.lr !== undefined) s.learningRate = values.lr as number;
  if (values.epsilon !== undefined) s.epsilon = values.epsilon as number;
  if (values['embedding-dim'] !== undefined) s.embeddingDim = values['embedding-dim'] as number;
  if (values['max-length'] !== undefined) s.maxLength = values['max-length'] as number;
  return s;
}

/** How a comparison's command line reads: its flags and help, and the settings they start from. */
export interface TextComparisonCommand<S extends TextComparisonSettings> {
  readonly flags: readonly FlagSpec[];
  readonly help: CommandHelp;
  readonly defaults: S;
  readonly quick: S;
}

/**
 * Runs `spec` from command-line arguments: parses the flags, chooses the backend, runs
 * {@link runTextComparison}, prints the elapsed time. Returns the exit code; errors are one line on stderr
 * (2 for usage and option errors).
 */
export async function runTextComparisonCli<S extends TextComparisonSettings>(
  spec: TextComparisonSpec<S>,
  command: TextComparisonCommand<S>,
  argv: readonly string[],
  io: CliIO = processIO,
): Promise<number> {
  const t0 = performance.now();
  try {
    const { values } = parseFlags(argv, command.flags, { command: spec.name });
    if (values.help) {
      io.out(formatHelp(command.help));
      return 0;
    }
    const settings = textComparisonSettings(values, command.defaults, command.quick);
    const backend = await selectBackend(values.backend, io);
    await runTextComparison(spec, {
      settings,
      out: (values.out as string | undefined) ?? `runs/${spec.name}`,
      progress: (values.progress as ProgressMode | undefined) ?? 'auto',
      io,
    });
    io.out(`elapsed: ${((performance.now() - t0) / 1000).toFixed(1)} s on the ${backend.choice} backend`);
    return 0;
  } catch (e) {
    io.err(`${spec.name}: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ')}`);
    return e instanceof AmpmixError && (e.code === 'E_USAGE' || e.code === 'E_OPTION') ? 2 : 1;
  }
}
