import type { ProgressMode } from '@ampmix/trainer';
import { parseFlags } from '../flags.js';
import type { CommandHelp } from '../help.js';
import { formatHelp } from '../help.js';
import type { CliIO } from '../io.js';
import { resolveRunConfig } from '../config.js';
import { TRAIN_FLAGS } from '../train-flags.js';
import { checkInputFiles } from '../setup/input-files.js';
import { checkRunDir } from '../run-dir.js';
import { runTraining } from '../run.js';
import { UsageError } from '../usage-error.js';
import { checkResumeConfig } from '../resume.js';
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
    'The run folder (--out) gets log.jsonl, checkpoint/, lambda-hist.json and summary.json; make plots with `ampmix report <folder>`.',
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
  if (out) {
    await checkRunDir(out, resume);
    if (resume) await checkResumeConfig(out, config);
  }
  const backend = await selectBackend(values.backend, io);
  const outcome = await runTraining(config, {
    out,
    resume,
    checkpointEvery: values['checkpoint-every'] as number | undefined,
    progress: (values.progress as ProgressMode | undefined) ?? 'auto',
    backend: backend.choice,
    io,
  });
  io.out(formatOutcome(outcome));
  return 0;
}
