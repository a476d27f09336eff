import { OptionError } from '@ampmix/core';
import type { ResolvedTrainOptions, SavedModel, TrainOptions, TrainResult } from './options.js';
import { resolveTrainOptions } from './options.js';
import { trainStep } from './train-step.js';
import type { Checkpoint, CheckpointData } from './checkpoint/types.js';
import { disposeCheckpoint } from './checkpoint/dispose.js';
import { ProgressReporter } from './progress/reporter.js';
import { runConfig } from './run-config.js';
import { TrainingSession } from './session.js';
import type { SessionMark } from './session.js';
import { evaluate } from './evaluate.js';
import { TrainingError } from './errors.js';
import { assignWeights } from './weights.js';
import { createInertAmpMonitor } from '@ampmix/core';
import type { InertAmpReport } from '@ampmix/core';

/** Consecutive inert AMP steps before the once-per-run warning (fewer in a shorter run). */
const INERT_AMP_STEPS = 20;

/** A sink for a run's log records (one JSON object per record). */
export interface RunLog {
  log(record: Record<string, unknown>): void;
  close(): void;
  /** Bytes of a torn last line dropped when the log was reopened (0 when none). */
  readonly droppedBytes: number;
}

/**
 * Where a run's log and checkpoints go: the file system in Node (`@ampmix/trainer/node`), nothing by
 * default. The loop itself does no I/O of its own, so it also runs in a browser.
 */
export interface RunIO {
  /** Checks the outputs before anything is created; returns the checkpoint to resume from, or null. */
  prepare<I>(o: ResolvedTrainOptions<I>): Promise<Checkpoint | null>;
  /** Opens the log at `o.logFile`, appending when resuming a run that has one. */
  openLog<I>(o: ResolvedTrainOptions<I>, resuming: boolean): RunLog;
  /** Writes one checkpoint into `o.checkpointDir`; returns where. */
  saveCheckpoint<I>(o: ResolvedTrainOptions<I>, data: CheckpointData): Promise<string>;
  /** Saves the final weights of `o.model` into `o.modelDir` with `metadata` in its `model.json`; returns where. Needed for `modelDir`. */
  saveModel?<I>(o: ResolvedTrainOptions<I>, metadata: Record<string, unknown>): Promise<string>;
}

/** The loop of {@link train} with the outputs handled by `io` (null: no log or checkpoint options allowed). */
export async function trainWith<I>(options: TrainOptions<I>, io: RunIO | null): Promise<TrainResult> {
  const t0 = performance.now();
  const o = resolveTrainOptions(options);
  if (!io) {
    for (const k of ['logFile', 'checkpointDir', 'modelDir'] as const) {
      if (o[k] !== null) throw new OptionError(k, o[k], 'unset here: files are written by `train` from "@ampmix/trainer/node" (Node only)');
    }
  }
  if (io && !io.saveModel && o.modelDir !== null) throw new OptionError('modelDir', o.modelDir, 'unset here: this RunIO saves no model (it has no saveModel)');
  const ckpt = io ? await io.prepare(o) : null;
  return runLoop(o, io, ckpt, t0);
}

/**
 * Trains `model` with Adam (lr 2e-4), global gradient-norm clipping (10), batches of 50, any mixing
 * method, with or without AMP (Liu et al., EMNLP 2021, arXiv 2109.07177) — every step goes through the
 * core's `mixStep`. Evaluates on dev every `evalEvery` steps and at the end, keeps the best-dev weights
 * (lowest error, ties to the lower loss) and reports the test error of the best-dev and of the last
 * model; the model holds the best-dev weights when this returns (the last ones without dev). Writes a
 * JSONL log, atomic checkpoints and the final weights (`modelDir`), resumes exactly (`resume: true`), skips non-finite steps and stops
 * with a {@link TrainingError} after `maxNonFiniteSteps` of them in a row (checkpointing the last good
 * state first). The same seed on the same backend gives the same loss curve. Before creating anything it
 * checks that the log file and checkpoint folder can be written and have room (an `OptionError`
 * otherwise); a write that fails later throws an `AmpmixError` (`E_OUTPUT`) naming the file. Warnings (a
 * damaged checkpoint passed over, a torn log line cut off) go to stderr whatever `progress` says.
 */
export function train<I>(options: TrainOptions<I>): Promise<TrainResult> {
  return trainWith(options, null);
}

async function runLoop<I>(o: ResolvedTrainOptions<I>, io: RunIO | null, ckpt: Checkpoint | null, t0: number): Promise<TrainResult> {
  let session: TrainingSession<I>;
  try {
    session = new TrainingSession(o, runConfig(o));
  } catch (e) {
    if (ckpt) disposeCheckpoint(ckpt);
    throw e;
  }
  let logger: RunLog | null = null;
  const progress = new ProgressReporter({ mode: o.progress, totalSteps: o.totalSteps });
  try {
    if (ckpt) {
      try {
        session.restore(ckpt);
      } finally {
        disposeCheckpoint(ckpt);
      }
    }
    const elapsedBefore = session.run.elapsedMs;
    const elapsed = () => elapsedBefore + (performance.now() - t0);
    if (io && o.logFile) {
      logger = io.openLog(o, Boolean(ckpt));
      if (logger.droppedBytes) progress.warn(`[ampmix] ${o.logFile} ended in a line cut off mid-write (a killed run); dropped its ${logger.droppedBytes} bytes before appending`);
      logger.log({ type: 'config', ...session.config, resumedFrom: ckpt ? { step: ckpt.step, path: ckpt.path, skipped: ckpt.skipped } : null });
    }
    // warnings are shown whatever the progress mode ('none' silences progress only)
    for (const s of ckpt?.skipped ?? []) progress.warn(`[ampmix] passed over an invalid checkpoint: ${s.reason}`);
    const save = async (mark: SessionMark | null = null): Promise<string | null> => {
      if (!io || !o.checkpointDir) return null;
      const data = session.checkpointData(mark);
      data.run = { ...data.run!, elapsedMs: elapsed() };
      const where = await io.saveCheckpoint(o, data);
      logger?.log({ type: 'checkpoint', step: data.step, path: where });
      return where;
    };

    const inert = o.amp && o.method
      ? createInertAmpMonitor({ steps: Math.max(1, Math.min(INERT_AMP_STEPS, o.totalSteps - session.step)), mixerName: o.method.mixer.name })
      : null;
    let inertReport: InertAmpReport | null = null;
    await o.callbacks.onTrainBegin?.({ totalSteps: o.totalSteps });
    progress.start(session.step);
    let lastGood: SessionMark = session.mark();
    let stop: string | null = null;
    if (o.patience !== null && session.run.evalsWithoutImprovement >= o.patience) {
      stop = `early stopping: no dev improvement in ${o.patience} evaluations (before the resume)`;
    }
    while (session.step < o.totalSteps && !stop) {
      const before = session.mark();
      const started = performance.now();
      const { stats, mixing, scale } = await trainStep(o, session);
      session.step += 1;
      const step = session.step;
      if (stats.skipped) {
        session.run.skippedSteps += 1;
        session.run.nonFiniteInARow += 1;
        if (session.run.nonFiniteInARow === 1) {
          lastGood = before;
          session.pin(lastGood);
        }
      } else {
        session.run.nonFiniteInARow = 0;
        session.unpin();
      }
      logger?.log({ type: 'step', step, epoch: session.dataOrder.epoch, ...stats, clipScale: scale, ms: performance.now() - started });
      progress.step(step, stats.loss);
      if (inert && !stats.skipped && mixing.lambda && mixing.lambdaPrime) {
        const report = inert.observe({ lambda: mixing.lambda, lambdaPrime: mixing.lambdaPrime, maskRate: stats.maskRate, resolution: mixing.lambdaResolution });
        if (report) {
          inertReport = { ...report, step };
          progress.warn(`[ampmix] step ${step}: ${report.message}`);
          logger?.log({ type: 'warning', kind: 'inert-amp', ...inertReport });
        }
      }
      await o.callbacks.onBatchEnd?.(step, stats, mixing);

      if (session.run.nonFiniteInARow >= o.maxNonFiniteSteps) {
        const where = await save(lastGood);
        const msg = `${o.maxNonFiniteSteps} non-finite steps in a row (steps ${lastGood.step + 1}–${step}: the loss or the gradients were NaN or infinite); stopped. The last good state is step ${lastGood.step}${where ? `, saved in ${where}` : ''}. Lower the learning rate, check the inputs, or raise the non-finite step limit.`;
        logger?.log({ type: 'error', step, lastGoodStep: lastGood.step, checkpoint: where, message: msg });
        throw new TrainingError(msg, lastGood.step, where);
      }

      if (o.dev && (step % o.evalEvery === 0 || step === o.totalSteps)) {
        const r = await evaluate(o.model, o.dev);
        const better = session.recordEvaluation(step, r);
        logger?.log({ type: 'eval', step, devError: r.error, devLoss: r.loss, best: better });
        progress.evaluation(step, r.error, better);
        await o.callbacks.onEvalEnd?.(step, { devError: r.error, devLoss: r.loss, best: better });
        if (o.patience !== null && session.run.evalsWithoutImprovement >= o.patience) {
          stop = `early stopping: no dev improvement in ${o.patience} evaluations`;
          logger?.log({ type: 'early-stop', step, bestStep: session.run.best!.step });
          progress.message(`[ampmix] ${stop} (best at step ${session.run.best!.step})`);
        }
      }
      // during a run of skipped steps, a checkpoint holds the last good state (so a resume replays from there)
      if (step % o.checkpointEvery === 0 || step === o.totalSteps || stop) await save(session.run.nonFiniteInARow > 0 ? lastGood : null);
    }

    const testLast = o.test ? (await evaluate(o.model, o.test)).error : null;
    let testBest: number | null = null;
    const best = session.run.best;
    if (best && session.bestWeights) {
      if (best.step !== session.step) assignWeights(o.model.weights, session.bestWeights);
      testBest = o.test ? (best.step === session.step ? testLast : (await evaluate(o.model, o.test)).error) : null;
    }
    let savedModel: SavedModel | null = null;
    if (io?.saveModel && o.modelDir) {
      const selected = best && session.bestWeights ? best : null;
      const info = { weights: selected ? 'best-dev' as const : 'last' as const, step: selected ? selected.step : session.step };
      const where = await io.saveModel(o, { ...info, steps: session.step, bestDev: best ? { step: best.step, error: best.error } : null, run: session.config });
      savedModel = { path: where, ...info };
      logger?.log({ type: 'model', ...savedModel });
    }
    const result: TrainResult = {
      steps: session.step,
      elapsedMs: elapsed(),
      bestDev: best ? { step: best.step, error: best.error } : null,
      testError: { bestDev: testBest, last: testLast },
      lastDevError: session.run.lastDev?.error ?? null,
      skippedSteps: session.run.skippedSteps,
      inertAmp: inertReport,
      ...(savedModel ? { savedModel } : {}),
    };
    logger?.log({ type: 'result', ...result, stopped: stop });
    progress.end();
    await o.callbacks.onTrainEnd?.(result);
    return result;
  } catch (e) {
    if (logger && !(e instanceof TrainingError)) {
      try {
        logger.log({ type: 'error', step: session.step, message: e instanceof Error ? e.message : String(e) });
      } catch {
        // the log itself cannot be written (a full disk): the error that stopped the run matters more
      }
    }
    throw e;
  } finally {
    progress.end();
    logger?.close();
    session.dispose();
  }
}
