import { runTextComparisonCli, textComparisonFlags, textComparisonSettings } from '@ampmix/cli';
import type { CliIO, CommandHelp } from '@ampmix/cli';
import { DEFAULT_SETTINGS, QUICK_SETTINGS } from './settings.js';
import type { Sst2Settings } from './settings.js';
import { SST2_SPEC } from './run.js';

/** Flags of the SST-2 example. */
export const SST2_FLAGS = textComparisonFlags(SST2_SPEC.name, DEFAULT_SETTINGS, 'a tiny model on 3% of the data for 4 steps (seconds)');

const HELP: CommandHelp = {
  command: 'node examples/sst2-lstm-senmixup/run.mjs',
  summary: 'SST-2, BiLSTM: SenMixup vs SenMixup + AMP with the same seeds; prints both test errors, the report path and the elapsed time.',
  usage: '[flags]',
  flags: SST2_FLAGS,
  examples: ['node examples/sst2-lstm-senmixup/run.mjs', 'node examples/sst2-lstm-senmixup/run.mjs --quick', 'node examples/sst2-lstm-senmixup/run.mjs --seeds 1,2,3 --steps 600'],
};

/** The settings the flags select (`--quick` or the defaults, then the individual flags). */
export function settingsFromFlags(values: Readonly<Record<string, unknown>>): Sst2Settings {
  return textComparisonSettings(values, DEFAULT_SETTINGS, QUICK_SETTINGS);
}

/** Runs the SST-2 example from command-line arguments; returns the exit code (errors: one line on stderr). */
export function sst2LstmCli(argv: readonly string[], io?: CliIO): Promise<number> {
  return runTextComparisonCli(SST2_SPEC, { flags: SST2_FLAGS, help: HELP, defaults: DEFAULT_SETTINGS, quick: QUICK_SETTINGS }, argv, io);
}
