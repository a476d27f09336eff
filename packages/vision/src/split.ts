import type { Rng } from '@ampmix/core';
import { permutation } from '@ampmix/core';

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
export function stratifiedSplit(labels: ArrayLike<number>, numClasses: number, trainSize: number, testSize: number, rng: Rng): { train: Int32Array; test: Int32Array } {
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
