import type { BackendChoice } from '@ampmix/core';
import { chooseBackend, integerAtLeast, noUnknownKeys, OptionError } from '@ampmix/core';
import { train } from '@ampmix/trainer/node';
import { createImageMlp, holdOut } from '@ampmix/vision';
import { loadMnist } from '@ampmix/vision/mnist';
import { brokenLambdaMethod, otherClassMixup } from './methods.js';

/** Options of {@link runCustomPolicyExample}. */
export interface CustomPolicyExampleOptions {
  /** Optimizer steps. Default 300. */
  steps?: number;
  /** Training digits (a fifth of them held out as dev). Default 3000. */
  trainSize?: number;
  /** Test digits. Default 1000. */
  testSize?: number;
  /** Seed of the split, weights and plans. Default 0. */
  seed?: number;
  /** Backend to activate first (`chooseBackend`); default: keep the current one. */
  backend?: BackendChoice | 'auto';
  /** Where the report lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What {@link runCustomPolicyExample} returns. */
export interface CustomPolicyExampleResult {
  /** Test error of the best-dev model trained with the custom policy + AMP. */
  testError: number;
  /** Mean |λ' − λ| over the steps: AMP really perturbed the custom plans. */
  meanAbsDeltaLambda: number;
  /** The message the engine gave for the broken policy. */
  brokenPolicyError: string;
}

/**
 * Trains an image MLP on MNIST with a user-written policy (partners of another class, λ ∈ [0.3, 0.7]) and AMP
 * on top, unchanged; then shows that a policy returning λ outside [0, 1] is rejected with a clear error.
 */
export async function runCustomPolicyExample(options: CustomPolicyExampleOptions = {}): Promise<CustomPolicyExampleResult> {
  noUnknownKeys('runCustomPolicyExample', options, ['steps', 'trainSize', 'testSize', 'seed', 'backend', 'log']);
  const steps = integerAtLeast('steps', options.steps ?? 300, 1);
  const seed = integerAtLeast('seed', options.seed ?? 0, 0, 0xffffffff);
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.backend) await chooseBackend({ backend: options.backend, log });
  const mnist = loadMnist({ seed, trainSize: options.trainSize ?? 3000, testSize: options.testSize ?? 1000 });
  const { rest, heldOut } = holdOut(mnist.train, { size: Math.max(1, Math.floor(mnist.train.size / 5)), seed });

  const model = createImageMlp({ numClasses: 10, hiddenSizes: [128, 64], seed });
  let deltaSum = 0;
  let testError: number;
  try {
    const result = await train({
      model, train: rest, dev: heldOut, test: mnist.test, steps, batchSize: 50, learningRate: 1e-3, seed, progress: 'none',
      evalEvery: Math.max(1, Math.floor(steps / 3)),
      method: otherClassMixup({ low: 0.3, high: 0.7 }),
      amp: { epsilon: 0.002 },
      callbacks: { onBatchEnd: (_s, stats) => void (deltaSum += stats.meanAbsDeltaLambda) },
    });
    testError = result.testError.bestDev ?? Number.NaN;
    log(`other-class Mixup (λ ∈ [0.3, 0.7]) + AMP: test error ${(100 * testError).toFixed(2)} % after ${result.steps} steps, mean |Δλ| ${(deltaSum / steps).toExponential(2)}`);
  } finally {
    model.dispose();
  }

  const probe = createImageMlp({ numClasses: 10, hiddenSizes: [8], seed });
  let brokenPolicyError = '';
  try {
    await train({ model: probe, train: rest, steps: 1, seed, progress: 'none', method: brokenLambdaMethod(), amp: {} });
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    brokenPolicyError = e.message;
    log(`a policy with λ = 1.5 is rejected: ${e.message}`);
  } finally {
    probe.dispose();
  }
  if (!brokenPolicyError) throw new Error('the engine accepted a plan with λ = 1.5');
  return { testError, meanAbsDeltaLambda: deltaSum / steps, brokenPolicyError };
}
