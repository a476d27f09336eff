import * as tf from '@tensorflow/tfjs';
import type { MixableModel, MixStepStats } from '@ampmix/core';
import { train } from '@ampmix/trainer';
import type { StepMixing, TrainResult } from '@ampmix/trainer';
import type { TaskName } from './task-list.js';
import type { TaskData } from './tasks.js';
import { createTaskModel, TASK_METHODS } from './tasks.js';

/** One run of the page: a task, with or without AMP, its budget and seed. */
export interface RunSettings {
  task: TaskName;
  amp: boolean;
  epsilon: number;
  alpha: number;
  seed: number;
  steps: number;
  batchSize: number;
  evalEvery: number;
  learningRate: number;
}

/** What the page draws after each step. */
export interface StepReport {
  step: number;
  /** Mean training loss at λ (the Mixup loss) and at AMP's λ' (equal without AMP). */
  lossBefore: number;
  lossAfter: number;
  maskRate: number;
  meanAbsDeltaLambda: number;
  /** |λ' − λ| per example (AMP only). */
  absDelta: number[] | null;
  /** Wall time of this step (the first: since training began; a dev evaluation before it is not counted), ms. */
  ms: number;
  numTensors: number;
}

/** Hooks of {@link runTraining}. `gate` is awaited after every step: a pause holds it, a stop rejects it. */
export interface RunHooks {
  onStep?(r: StepReport): void;
  onEval?(e: { step: number; devError: number }): void;
  gate?(): Promise<void> | void;
}

/** A finished (or stopped) run: the trained model (caller disposes) and the trainer's result (null when stopped). */
export interface RunOutcome {
  model: MixableModel<tf.Tensor>;
  result: TrainResult | null;
}

function absDeltas(m: StepMixing): number[] | null {
  if (!m.lambda || !m.lambdaPrime) return null;
  return Array.from(m.lambda, (l, i) => Math.abs(m.lambdaPrime![i] - l));
}

/**
 * Trains the task's model with the trainer's loop (every step through core's `mixStep`): the same code
 * runs in the page's worker and in Node, so the same seed on cpu gives the same losses in both.
 */
export async function runTraining(data: TaskData, s: RunSettings, hooks: RunHooks = {}): Promise<RunOutcome> {
  const model = createTaskModel(data, s.seed);
  let last = performance.now();
  const onBatchEnd = async (step: number, st: MixStepStats, mixing: StepMixing) => {
    const now = performance.now();
    hooks.onStep?.({
      step, lossBefore: st.lossBefore, lossAfter: st.lossAfter, maskRate: st.maskRate, meanAbsDeltaLambda: st.meanAbsDeltaLambda,
      absDelta: absDeltas(mixing), ms: now - last, numTensors: tf.memory().numTensors,
    });
    await hooks.gate?.();
    last = performance.now();
  };
  try {
    const result = await train({
      model, train: data.train, dev: data.dev, test: data.test,
      method: TASK_METHODS[s.task](s.alpha), amp: s.amp ? { epsilon: s.epsilon } : false,
      steps: s.steps, batchSize: s.batchSize, evalEvery: s.evalEvery, learningRate: s.learningRate, seed: s.seed,
      progress: 'none', callbacks: {
        onBatchEnd,
        onEvalEnd: (step, e) => {
          hooks.onEval?.({ step, devError: e.devError });
          last = performance.now(); // the next step's time leaves the evaluation out
        },
      },
    });
    return { model, result };
  } catch (e) {
    if (e instanceof StopRequest) return { model, result: null };
    model.dispose();
    throw e;
  }
}

/** Thrown by a `gate` to end a run early; {@link runTraining} then returns the model as it is. */
export class StopRequest extends Error {
  constructor() {
    super('stopped');
    this.name = 'StopRequest';
  }
}
