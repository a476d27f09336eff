import { TrainingError } from '@ampmix/trainer';

/** Library wording in error messages and what the CLI says instead (its flags). */
const REWRITES: readonly [RegExp, string][] = [
  [/\(pass lenient: true to skip such lines\)/g, '(pass --lenient to skip such lines)'],
  [/\blenient: true\b/g, '--lenient'],
];

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
  let message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
  if (e instanceof TrainingError) {
    const cut = message.search(/ Lower (the learning rate|learningRate)/);
    message = `${cut >= 0 ? message.slice(0, cut) : message} ${trainingAdvice(e)}`;
  }
  for (const [from, to] of REWRITES) message = message.replace(from, to);
  return message;
}
