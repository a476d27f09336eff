/**
 * A float64 plain-JS reference of a 1-hidden-layer tanh MLP (logits = tanh(x W1 + b1) W2 + b2) with Mixup at the
 * input or the hidden layer and soft-target cross-entropy: an independent check for variants and engines.
 */
export interface ReferenceMlpParams {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

function dense(x: number[], W: number[][], b: number[]): number[] {
  return b.map((bj, j) => x.reduce((s, xi, i) => s + xi * W[i][j], bj));
}

/** Per-example softmax cross-entropy against soft targets. */
export function softTargetCrossEntropy(logits: number[], target: number[]): number {
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
  return -target.reduce((s, t, c) => s + t * (logits[c] - lse), 0);
}

/**
 * Mean loss of the batch when example i is mixed as λx_i + (1 − λ)x_π(i) at `site` (`input` or
 * `hidden1`), targets mixed with the fixed `targetLambda`.
 */
export function referenceMixedMlpLoss(
  p: ReferenceMlpParams, x: number[][], labels: number[], partners: number[], lambda: ArrayLike<number>,
  targetLambda: ArrayLike<number>, numClasses: number, site: 'input' | 'hidden1' = 'input',
): number {
  const oneHot = (c: number) => Array.from({ length: numClasses }, (_, k) => (k === c ? 1 : 0));
  const hidden = (v: number[]) => dense(v, p.W1, p.b1).map(Math.tanh);
  const B = x.length;
  let total = 0;
  for (let i = 0; i < B; i++) {
    const j = partners[i];
    const l = lambda[i];
    const mix = (a: number[], b: number[]) => a.map((ai, k) => l * ai + (1 - l) * b[k]);
    const h = site === 'input' ? hidden(mix(x[i], x[j])) : mix(hidden(x[i]), hidden(x[j]));
    const t = targetLambda[i];
    const y = oneHot(labels[i]).map((yi, k) => t * yi + (1 - t) * oneHot(labels[j])[k]);
    total += softTargetCrossEntropy(dense(h, p.W2, p.b2), y);
  }
  return total / B;
}
