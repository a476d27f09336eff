import * as tf from '@tensorflow/tfjs';
import { WeightsError } from '../errors.js';
import type { WeightsJSON } from './format.js';

/** A weight as a manifest or a tensor describes it. */
interface WeightSpec {
  name: string;
  shape: readonly number[];
  dtype: string;
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * What keeps `saved` from being assigned to `weights`: duplicate, missing or unexpected names, shape and
 * dtype mismatches (one line each, naming the weight, what the model expects and what was saved).
 */
export function weightProblems(weights: Readonly<Record<string, tf.Variable>>, saved: readonly WeightSpec[]): string[] {
  const problems: string[] = [];
  const byName = new Map<string, WeightSpec>();
  for (const s of saved) {
    if (byName.has(s.name)) problems.push(`weight "${s.name}" is saved twice`);
    byName.set(s.name, s);
  }
  for (const [name, w] of Object.entries(weights)) {
    const s = byName.get(name);
    if (!s) problems.push(`missing weight "${name}" (the model expects ${w.dtype} ${shapeText(w.shape)})`);
    else if (!tf.util.arraysEqual([...s.shape], w.shape)) problems.push(`weight "${name}" has shape ${shapeText(s.shape)}; the model expects ${shapeText(w.shape)}`);
    else if (s.dtype !== w.dtype) problems.push(`weight "${name}" is ${s.dtype}; the model expects ${w.dtype}`);
  }
  const extra = [...byName.keys()].filter((n) => !Object.prototype.hasOwnProperty.call(weights, n));
  if (extra.length) {
    problems.push(`unexpected weight${extra.length > 1 ? 's' : ''} ${extra.map((n) => `"${n}"`).join(', ')} (the model's weights are ${Object.keys(weights).map((n) => `"${n}"`).join(', ')})`);
  }
  return problems;
}

/** Throws a {@link WeightsError} listing every problem when `saved` does not fit `weights`. */
export function assertWeightsFit(weights: Readonly<Record<string, tf.Variable>>, saved: readonly WeightSpec[], source: string): void {
  const problems = weightProblems(weights, saved);
  if (problems.length) throw new WeightsError(`${source} do not fit the model: ${problems.join('; ')}`, problems);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The weight specs of every group of a `model.json`'s manifest, in file order; a {@link WeightsError} when it is not one. */
export function manifestSpecs(modelJson: unknown, source = 'model.json'): tf.io.WeightsManifestEntry[] {
  const bad = (why: string) => new WeightsError(`${source} is not a tfjs weights manifest: ${why}`);
  if (!isObject(modelJson)) throw bad('expected an object');
  const manifest = (modelJson as Partial<WeightsJSON>).weightsManifest;
  if (!Array.isArray(manifest)) throw bad('its weightsManifest is not an array');
  const specs: tf.io.WeightsManifestEntry[] = [];
  manifest.forEach((group: unknown, g) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string') || !Array.isArray(group.weights)) {
      throw bad(`weightsManifest[${g}] is not { paths: string[], weights: [...] }`);
    }
    group.weights.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || !Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0) || typeof s.dtype !== 'string') {
        throw bad(`weightsManifest[${g}].weights[${i}] is not { name, shape, dtype }`);
      }
      specs.push(s as unknown as tf.io.WeightsManifestEntry);
    });
  });
  return specs;
}

/** The manifest groups' file paths, in order (the files `weightData` joins). */
export function manifestPaths(modelJson: WeightsJSON): string[] {
  return modelJson.weightsManifest.flatMap((g) => g.paths);
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Bytes the weights of `specs` take in a weights file; throws for string weights (variable length). */
export function specBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const s of specs) {
    const dtype = s.quantization?.dtype ?? s.dtype;
    const per = BYTES[dtype];
    if (per === undefined) throw new WeightsError(`weight "${s.name}" has dtype ${dtype}, which ampmix does not read (float32, int32, bool, complex64, or quantized uint8/uint16/float16)`);
    total += per * s.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}
