import * as tf from '@tensorflow/tfjs';
import { createMlp } from '../models/mlp.js';
import { mixStep, createAmpState } from '../amp/step.js';
import { resolveAmpOptions } from '../amp/options.js';
import { resolveLossName } from '../losses.js';


/**
 * Parses a golden file. Accepts the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's json
 * module writes (plain `JSON.parse` rejects them).
 */
export function parseGoldenJson(text: string): GoldenFile {
  const marked = text.replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '$1"__nonfinite:$2"');
  return JSON.parse(marked, (_k, v) => (typeof v === 'string' && v.startsWith('__nonfinite:') ? Number(v.slice(12)) : v)) as GoldenFile;
}

/** The golden-file format of `amp-step-golden.json`: one AMP step on a 2-layer tanh MLP. */
export interface GoldenFile {
  params: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
  x: number[][];
  labels: number[];
  lambda: number[];
  perm: number[];
  positiveDeltaHistory: number[];
  cases: GoldenCase[];
}

/** One golden case: a configuration and the values autograd computed in float64. */
export interface GoldenCase {
  site: 'input' | 'hidden';
  loss: string;
  epsilon: number;
  clip: boolean;
  reweight: boolean;
  expected: {
    lossBefore: number[];
    lambdaGrad: number[];
    lambdaPrime: number[];
    lossAfter: number[];
    mask: number[];
    weight: number[];
    loss: number;
    paramGrads: Record<string, number[] | number[][]>;
  };
}

/** Outcome of one golden case: the largest error per field. */
export interface GoldenCaseResult {
  index: number;
  label: string;
  errors: Record<string, number>;
  maxError: number;
  pass: boolean;
}

/**
 * Largest |got − want|, where a non-finite expected value (the golden file's float64 overflow) is
 * matched only by the same non-finite value (NaN by NaN, +∞ by +∞).
 */
export function fieldError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    const [a, b] = [got[i], want[i]];
    if (Number.isFinite(b)) m = Math.max(m, Number.isFinite(a) ? Math.abs(a - b) : Infinity);
    else if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) m = Infinity;
  }
  return m;
}

/** The reference code's re-weighting window, used by the golden file. */
const GOLDEN_WINDOW = 5;

/**
 * Runs every case of a golden file through {@link mixStep} — the trainer's own code path — and
 * compares each field against the expected values with `tolerance` (max absolute error).
 */
export async function runGoldenCases(golden: GoldenFile, tolerance = 1e-4): Promise<GoldenCaseResult[]> {
  const results: GoldenCaseResult[] = [];
  const [inputSize, hidden] = [golden.params.W1.length, golden.params.W1[0].length];
  const numClasses = golden.params.W2[0].length;
  const model = createMlp({ inputSize, hiddenSizes: [hidden], numClasses, activation: 'tanh', initialWeights: golden.params });
  const x = tf.tensor2d(golden.x);
  const labels = tf.tensor1d(golden.labels, 'int32');
  try {
    for (const [index, c] of golden.cases.entries()) {
      const amp = resolveAmpOptions({ epsilon: c.epsilon, clip: c.clip, reweight: c.reweight ? { window: GOLDEN_WINDOW } : false });
      const ampState = createAmpState();
      ampState.reweight.batches.push([...golden.positiveDeltaHistory]);
      const plan = {
        lambda: Float32Array.from(golden.lambda),
        partners: Int32Array.from(golden.perm),
        site: c.site === 'hidden' ? 'hidden1' : c.site,
      };
      const { grads, stats, details } = await mixStep({
        model, inputs: x, labels, plan, amp, ampState, loss: resolveLossName(c.loss), training: false, details: true,
      });
      const errors: Record<string, number> = {};
      const e = c.expected;
      for (const k of ['lossBefore', 'lambdaGrad', 'lambdaPrime', 'lossAfter', 'mask', 'weight'] as const) {
        errors[k] = fieldError(details![k], e[k]);
      }
      errors.loss = fieldError([stats.loss], [e.loss]);
      for (const [name, g] of Object.entries(e.paramGrads)) {
        const want = (g as number[]).flat();
        const got = grads?.[name];
        // a non-finite golden step has NaN gradients: the engine must skip it and return none
        errors[`grad.${name}`] = got ? fieldError(got.dataSync(), want) : stats.skipped && !want.some(Number.isFinite) ? 0 : Infinity;
      }
      if (grads) for (const t of Object.values(grads)) t.dispose();
      const maxError = Math.max(...Object.values(errors));
      results.push({
        index,
        label: `site=${c.site} loss=${c.loss} epsilon=${c.epsilon} clip=${c.clip} reweight=${c.reweight}`,
        errors,
        maxError,
        pass: maxError <= tolerance,
      });
    }
  } finally {
    model.dispose();
    x.dispose();
    labels.dispose();
  }
  return results;
}
