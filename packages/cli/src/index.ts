/**
 * @ampmix/cli — the `ampmix` command (train, eval, compare, report) for every variant, model and dataset
 * of ampmix (Liu et al., EMNLP 2021, arXiv 2109.07177), and `main` to run it from a program.
 */
export { main, mainHelp, COMMANDS, EXIT_USAGE, EXIT_FAILURE } from './main.js';
export type { CliIO } from './io.js';
export { processIO } from './io.js';
export type { CommandHelp } from './help.js';
export type { FlagSpec } from './flags.js';
export { UsageError } from './usage-error.js';
export { runTextComparison, runTextComparisonCli, textComparisonFlags, textComparisonSettings } from './comparison/index.js';
export type { ComparisonConfig, TextComparisonCommand, TextComparisonOptions, TextComparisonResult, TextComparisonSettings, TextComparisonSpec } from './comparison/index.js';
