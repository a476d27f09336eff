export { main, mainHelp, COMMANDS, EXIT_USAGE, EXIT_FAILURE } from './main.js';
export type { CliIO } from './io.js';
export { processIO } from './io.js';
export { parseFlags, readFlagValue } from './flags.js';
export type { FlagKind, FlagSpec, FlagValue, ParsedFlags, ParseOptions } from './flags.js';
export { formatHelp } from './help.js';
export type { CommandHelp } from './help.js';
export { UsageError } from './usage-error.js';
export { editDistance, closest } from './suggest.js';
