import { integerAtLeast, numberInRange, OptionError, permutation, Rng } from '@ampmix/core';

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
 * Stratified hold-out: from each class of n_c examples, round(n_c·fraction) go to `held` (but at least one
 * example of the class stays in `kept`), chosen by a generator seeded by `seed`. Both lists are ascending.
 * Used for the dev split when a dataset has none.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed = 0): { kept: number[]; held: number[] } {
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
