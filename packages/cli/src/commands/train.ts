import type { ProgressMode } from '@ampmix/trainer';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import { resolveRunConfig } from '../config.js';
import { CATALOG_NOTES, TRAIN_FLAGS } from '../train-flags.js';
import { checkInputFiles } from '../setup/input-files.js';
import { holdRunDir, releaseRunDir, RunFailure, settleFailedRun, writtenSteps } from '../run-folder.js';
import { prepareRunInputs, runTraining } from '../run.js';
import { TrainingError } from '@ampmix/trainer';
import { cliMessage } from '../advice.js';
import { UsageError } from '../usage-error.js';
import { checkResumeConfig, checkResumeData } from '../resume.js';
import { formatOutcome } from '../outcome.js';
import { selectBackend } from '../backend.js';

/** `ampmix train --help`. */
export const TRAIN_HELP: CommandHelp = {
  command: 'ampmix train',
  summary: 'Train one model with a Mixup variant, optionally with AMP, and report dev and test error.',
  usage: '(--dataset <name> | --train-file <file>) [flags]',
  flags: TRAIN_FLAGS,
  examples: [
    'ampmix train --dataset trec --model cnn --variant word-mixup --amp --steps 2000 --out runs/trec-amp',
    'ampmix train --dataset sst2 --model lstm --variant sen-mixup --embeddings glove.840B.300d.txt --epochs 10',
    'ampmix train --dataset mnist --model small-cnn --variant cutmix --amp --steps 500 --backend wasm',
    'ampmix train --train-file my.train --test-file my.test --variant word-mixup --amp --out runs/mine',
    'ampmix train --out runs/trec-amp --resume <the same flags as before>',
  ],
  notes: [
    'Data files: one example per line, the label first (an integer or a token), then the text.',
    'The run folder (--out) gets log.jsonl, checkpoint/, model/ (the final weights), lambda-hist.json and summary.json; make plots with `ampmix report <folder>`.',
    '',
    ...CATALOG_NOTES,
  ],
};

/** `ampmix train`: returns the exit code. */
export async function trainCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, TRAIN_FLAGS, { command: 'ampmix train' });
  if (values.help) {
    io.out(formatHelp(TRAIN_HELP));
    return 0;
  }
  const config = resolveRunConfig(values);
  const out = (values.out as string | undefined) ?? null;
  const resume = values.resume === true;
  if (resume && !out) throw new UsageError('--resume needs --out <dir> (the run folder to continue)');
  if (values['checkpoint-every'] !== undefined && !out) throw new UsageError('--checkpoint-every needs --out <dir> (checkpoints go into the run folder)');
  await checkInputFiles(config);
  const held = out ? await holdRunDir(out, resume, io) : null;
  const before = held ? writtenSteps(held.dir) : null;
  const secondary: string[] = [];
  let outcome;
  try {
    if (out && resume) await checkResumeConfig(out, config);
    const backend = await selectBackend(values.backend, io);
    const inputs = await prepareRunInputs(config, io);
    if (out && resume) await checkResumeData(out, inputs.data);
    outcome = await runTraining(config, {
      out,
      resume,
      checkpointEvery: values['checkpoint-every'] as number | undefined,
      progress: (values.progress as ProgressMode | undefined) ?? 'auto',
      backend: backend.choice,
      io,
      inputs,
    });
  } catch (e) {
    if (!held) throw e;
    const settled = await settleFailedRun(held, e, before!);
    releaseRunDir(held, settled.secondary);
    const message = cliMessage(e);
    // a non-finite stop's own advice already says how to resume
    const advice = settled.advice && !(e instanceof TrainingError && e.checkpointPath) ? `; ${settled.advice}` : '';
    throw new RunFailure(e, `${message}${advice}`, settled.secondary);
  }
  if (held) releaseRunDir(held, secondary);
  for (const line of secondary) io.err(`[ampmix] warning: ${line}`);
  io.out(formatOutcome(outcome));
  return 0;
}
