/** Seeded, stratified splits of labelled examples: k folds, a hold-out fraction, a fixed-size sample, a low-resource subsample. */
import { integerAtLeast, numberInRange } from './validate.js';
import { OptionError } from './errors.js';
import { Rng } from './rng.js';
import { permutation } from './distributions.js';

/** Throws unless `value` is a number in (0, 1]. */
export function fractionOption(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) throw new OptionError(option, value, 'a number in (0, 1]');
  return value;
}

/** Example indices grouped by class, classes in ascending order, indices ascending within each. */
export function indicesByClass(labels: ArrayLike<number>): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  return new Map([...byClass].sort((a, b) => a[0] - b[0]));
}

function shuffled(list: readonly number[], rng: Rng): number[] {
  const p = permutation(rng, list.length);
  return Array.from(p, (j) => list[j]);
}

/**
 * Deterministic stratified k-fold assignment: each class is shuffled with a generator seeded by `seed`
 * and dealt round-robin to the folds, the dealing continuing from class to class. Every fold then holds
 * ⌊n_c/k⌋ or ⌈n_c/k⌉ examples of each class c and the fold sizes differ by at most one. Returns the fold
 * (0..k−1) of each example. Kim (2014) assigns MR/SUBJ folds at random without stratifying; this is the
 * stratified, reproducible version.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k = 10, seed = 0): Int32Array {
  integerAtLeast('k', k, 2);
  const rng = new Rng(seed);
  const fold = new Int32Array(labels.length);
  let dealt = 0;
  for (const list of indicesByClass(labels).values()) {
    for (const i of shuffled(list, rng)) fold[i] = dealt++ % k;
  }
  return fold;
}

/**
 * Stratified hold-out by fraction: from each class of n_c examples, round(n_c·fraction) go to `held` (but at least one
 * example of the class stays in `kept`), chosen by a generator seeded by `seed`. Both lists are ascending.
 * Used for the dev split when a dataset has none.
 */
export function stratifiedHoldOut(labels: ArrayLike<number>, fraction: number, seed = 0): { kept: number[]; held: number[] } {
  numberInRange('fraction', fraction, 0, 1);
  const rng = new Rng(seed);
  const kept: number[] = [];
  const held: number[] = [];
  for (const list of indicesByClass(labels).values()) {
    const nHeld = Math.min(list.length - 1, Math.round(list.length * fraction));
    const order = shuffled(list, rng);
    held.push(...order.slice(0, nHeld));
    kept.push(...order.slice(nHeld));
  }
  return { kept: kept.sort((a, b) => a - b), held: held.sort((a, b) => a - b) };
}

/**
 * Low-resource subsampling (as in the AMP paper's reference code): keeps max(1, ⌊n_c·fraction⌋) examples
 * of each class c (⌊·⌋ with a 1e-9 tolerance, so 100 × 0.29 keeps 29), chosen by a generator seeded by
 * `seed`. Returns the kept indices, ascending. The reference code keeps the first ones of each class after
 * a random shuffle: the same distribution.
 */
export function subsampleFraction(labels: ArrayLike<number>, fraction: number, seed = 0): number[] {
  const f = fractionOption('fraction', fraction);
  const rng = new Rng(seed);
  const kept: number[] = [];
  for (const list of indicesByClass(labels).values()) {
    const n = Math.max(1, Math.floor(list.length * f + 1e-9));
    kept.push(...(n >= list.length ? list : shuffled(list, rng).slice(0, n)));
  }
  return kept.sort((a, b) => a - b);
}

/**
 * Splits `total` into parts proportional to `weights` that sum exactly to `total` (largest remainder,
 * ties to the lower index). Each part is at most ⌈total·w_k/Σw⌉.
 */
export function proportionalCounts(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of order) {
    if (left <= 0) break;
    counts[k] += 1;
    left -= 1;
  }
  return counts;
}

/**
 * A seeded stratified split: draws `testSize` then `trainSize` examples, class by class in proportion to
 * the class sizes, without overlap. `labels` are the class of each example; returns example indices,
 * each list shuffled. Requires trainSize + testSize ≤ labels.length.
 */
export function stratifiedSample(labels: ArrayLike<number>, numClasses: number, trainSize: number, testSize: number, rng: Rng): { train: Int32Array; test: Int32Array } {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const sizes = byClass.map((c) => c.length);
  const testCounts = proportionalCounts(testSize, sizes);
  const trainCounts = proportionalCounts(trainSize, sizes.map((n, c) => n - testCounts[c]));
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, c) => {
    const order = permutation(rng, members.length);
    for (let k = 0; k < testCounts[c]; k++) test.push(members[order[k]]);
    for (let k = testCounts[c]; k < testCounts[c] + trainCounts[c]; k++) train.push(members[order[k]]);
  });
  const shuffle = (xs: number[]) => Int32Array.from(permutation(rng, xs.length), (k) => xs[k]);
  return { train: shuffle(train), test: shuffle(test) };
}
