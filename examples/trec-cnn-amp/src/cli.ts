import { runTextComparisonCli, textComparisonFlags, textComparisonSettings } from '@ampmix/cli';
import type { CliIO, CommandHelp } from '@ampmix/cli';
import { DEFAULT_SETTINGS, QUICK_SETTINGS } from './settings.js';
import type { TrecSettings } from './settings.js';
import { TREC_SPEC } from './run.js';

/** Flags of the default job. */
export const TREC_FLAGS = textComparisonFlags(TREC_SPEC.name, DEFAULT_SETTINGS, 'a tiny model on 5% of the data for 4 steps (seconds)');

const HELP: CommandHelp = {
  command: 'node examples/trec-cnn-amp/run.mjs',
  summary: 'TREC, Kim CNN: WordMixup vs WordMixup + AMP with the same seeds; prints both test errors, the report path and the elapsed time.',
  usage: '[flags]',
  flags: TREC_FLAGS,
  examples: ['npm start', 'node examples/trec-cnn-amp/run.mjs --quick', 'node examples/trec-cnn-amp/run.mjs --seeds 1,2,3 --steps 600'],
};

/** The settings the flags select (`--quick` or the defaults, then the individual flags). */
export function settingsFromFlags(values: Readonly<Record<string, unknown>>): TrecSettings {
  return textComparisonSettings(values, DEFAULT_SETTINGS, QUICK_SETTINGS);
}

/** Runs the default job from command-line arguments; returns the exit code (errors: one line on stderr). */
export function trecCnnAmpCli(argv: readonly string[], io?: CliIO): Promise<number> {
  return runTextComparisonCli(TREC_SPEC, { flags: TREC_FLAGS, help: HELP, defaults: DEFAULT_SETTINGS, quick: QUICK_SETTINGS }, argv, io);
}
