import { AmpmixError } from '@ampmix/core';
import type { CliIO } from './io.js';
import { processIO } from './io.js';
import { UsageError } from './usage-error.js';
import { closest } from './suggest.js';
import { cliMessage } from './advice.js';
import { RunFailure } from './run-folder.js';
import { trainCommand } from './commands/train.js';
import { evalCommand } from './commands/eval.js';
import { compareCommand } from './commands/compare.js';
import { reportCommand } from './commands/report.js';
import { sweepCommand, workerCommand } from './commands/sweep.js';
import pkg from '../package.json';

/** The commands of `ampmix`, with a one-line description each. */
export const COMMANDS: Record<string, { run: (argv: readonly string[], io: CliIO) => Promise<number>; summary: string }> = {
  train: { run: trainCommand, summary: 'train one model (a Mixup variant, optionally with AMP)' },
  eval: { run: evalCommand, summary: 'evaluate a checkpoint on a split' },
  compare: { run: compareCommand, summary: 'train several configurations with the same seeds; one table of test error' },
  report: { run: reportCommand, summary: 'HTML page with SVG/PNG plots from run logs' },
  sweep: { run: sweepCommand, summary: 'a grid of runs (@ampmix/sweep): run locally, or submit to a Redis queue, status, table' },
  worker: { run: workerCommand, summary: 'take runs of a queued sweep and train them (ampmix sweep worker)' },
};

/** Exit code of a command line the CLI cannot run (unknown command or flag, bad value). */
export const EXIT_USAGE = 2;
/** Exit code of a run that failed (missing file, unwritable output, bad checkpoint, training error). */
export const EXIT_FAILURE = 1;

/** `ampmix --help`. */
export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const w = Math.max(...names.map((n) => n.length));
  return [
    'Usage: ampmix <command> [flags]',
    '',
    'Mixup variants with the Adversarial Mixing Policy (AMP, Liu et al., EMNLP 2021, arXiv 2109.07177) on TensorFlow.js.',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(w)}  ${COMMANDS[n].summary}`),
    '',
    'Run `ampmix <command> --help` for its flags.',
    '',
    'Examples:',
    '  ampmix train --dataset trec --variant word-mixup --amp --steps 2000 --out runs/trec-amp',
    '  ampmix compare --dataset trec --variants word-mixup,word-mixup+amp --seeds 1,2,3',
    '  ampmix report runs/trec-amp',
    '  ampmix sweep submit grid.mjs --queue redis://127.0.0.1:6379   then, on each machine:  ampmix worker --queue redis://… --store <shared>/results.jsonl',
    '',
  ].join('\n');
}

function isUserError(e: unknown): boolean {
  if (e instanceof AmpmixError) return true;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ERR_INTERNAL_ASSERTION';
}

/**
 * The `ampmix` command line: runs `argv` (without the node and script paths) and returns the exit code
 * (0 success, 1 failure, 2 usage error). Never calls `process.exit`. Errors print one line on stderr
 * (`ampmix <command>: <message>`); `--debug` adds the stack trace.
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && Object.hasOwn(COMMANDS, rest[0])) return main([rest[0], '--help'], io);
    io.out(mainHelp());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(pkg.version);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    io.err(`ampmix: unknown command ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}; commands: ${Object.keys(COMMANDS).join(', ')} (see ampmix --help)`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (failure) {
    // a failed run: its first cause decides how it is reported; cleanup problems follow as secondary lines
    const e = failure instanceof RunFailure ? failure.cause : failure;
    const message = failure instanceof RunFailure ? failure.message : cliMessage(e);
    if (isUserError(e)) {
      io.err(`ampmix ${name}: ${message}`);
    } else {
      io.err(`ampmix ${name}: internal error: ${message}${debug ? '' : ' (rerun with --debug for the stack trace)'}`);
    }
    if (failure instanceof RunFailure) for (const line of failure.secondary) io.err(`ampmix ${name}: also: ${line}`);
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    const usage = e instanceof UsageError || (e instanceof AmpmixError && e.code === 'E_OPTION' && /^Invalid --/.test(e.message));
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}
