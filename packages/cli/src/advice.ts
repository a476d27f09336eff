import { OptionError } from '@ampmix/core';
import { TrainingError } from '@ampmix/trainer';
import { MODELS, optionFlags, VARIANTS } from './catalog.js';

/** Library wording in error messages and what the CLI says instead (its flags). */
const REWRITES: readonly [RegExp, string][] = [
  [/\(pass lenient: true to skip such lines\)/g, '(pass --lenient to skip such lines)'],
  [/\blenient: true\b/g, '--lenient'],
  [/pass encoding: "windows-1252"/g, 'pass --encoding windows-1252'],
];

/**
 * The flag to change for each library option an error can name (the one place library option names meet
 * CLI flags); the descriptors' options (alpha, tau, numFilters, …) map to their flags by name.
 */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(optionFlags([...VARIANTS, ...MODELS]).map((o) => [o.option, `--${o.flag}`])),
  logFile: '--out',
  checkpointDir: '--out',
  modelDir: '--out',
  checkpointEvery: '--checkpoint-every',
  batchSize: '--batch-size',
  learningRate: '--lr',
  clipNorm: '--clip-norm',
  evalEvery: '--eval-every',
  'earlyStopping.patience': '--patience',
  maxNonFiniteSteps: '--max-non-finite',
  steps: '--steps',
  epochs: '--epochs',
  seed: '--seed',
  epsilon: '--epsilon',
  'reweight.window': '--reweight',
  loss: '--loss',
  embeddingDim: '--embedding-dim',
  fraction: '--fraction',
  fold: '--fold',
  devFraction: '--dev-fraction',
  maxLength: '--max-length',
  minFreq: '--min-freq',
  encoding: '--encoding',
  dataDir: '--data-dir',
};

/** An {@link OptionError} of the library named by the flag to change (`Invalid batchSize` → `Invalid --batch-size`), else `null`. */
export function flagMessage(e: OptionError): string | null {
  const option = e.option.replace(/\[\d+\]$/, '');
  const flag = OPTION_FLAGS[option];
  if (!flag) return null;
  return e.message.replace(`Invalid ${e.option}:`, `Invalid ${flag}${option !== e.option ? ` (item ${e.option.slice(option.length)})` : ''}:`);
}

/** The advice of a {@link TrainingError} in CLI terms (the run can be continued when a checkpoint was saved). */
export function trainingAdvice(e: TrainingError): string {
  const resume = e.checkpointPath ? '; the run folder is kept: continue from the last good state with --resume (a lower --lr may be given then)' : '';
  return `Lower --lr, check the inputs, or raise --max-non-finite${resume}.`;
}

/**
 * An error message as the command line shows it, on one line, with the library's `lenient: true` replaced by
 * the `--lenient` flag (a training error's advice names its flags itself: {@link trainingAdvice}).
 */
export function cliMessage(e: unknown): string {
  const mapped = e instanceof OptionError && !e.option.startsWith('-') ? flagMessage(e) : null;
  let message = (mapped ?? (e instanceof Error ? e.message : String(e))).replace(/\s*\n\s*/g, ' ');
  if (e instanceof TrainingError) {
    const cut = message.search(/ Lower (the learning rate|learningRate)/);
    message = `${cut >= 0 ? message.slice(0, cut) : message} ${trainingAdvice(e)}`;
  }
  for (const [from, to] of REWRITES) message = message.replace(from, to);
  return message;
}
