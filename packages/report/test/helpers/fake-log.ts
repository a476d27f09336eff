/** Writes a JSONL log in the trainer's format for `steps` steps (deterministic values), for report tests. */
export function fakeLogText(options: { label: string; seed: number; steps: number; amp: boolean; evalEvery?: number; finished?: boolean }): string {
  const lines: Record<string, unknown>[] = [
    {
      type: 'config',
      seed: options.seed,
      backend: 'cpu',
      method: { name: 'word-mixup', policy: 'beta', mixer: 'linear' },
      amp: options.amp ? { epsilon: 0.002, clip: true, reweightWindow: null, direction: 'adversarial' } : null,
      extra: { label: options.label },
      resumedFrom: null,
    },
  ];
  const evalEvery = options.evalEvery ?? 5;
  for (let s = 1; s <= options.steps; s++) {
    const loss = 2 / Math.sqrt(s) + (options.amp ? 0 : 0.1);
    lines.push({
      type: 'step', step: s, epoch: 0, loss, lossBefore: loss, lossAfter: options.amp ? loss + 0.01 : loss,
      meanLambda: 0.5 + 0.01 * Math.sin(s), meanAbsDeltaLambda: options.amp ? 0.001 : 0, maskRate: options.amp ? 0.6 : 0,
      gradNorm: 1, skipped: false, clipScale: 1, ms: 3,
    });
    if (s % evalEvery === 0) lines.push({ type: 'eval', step: s, devError: 0.3 / s, devLoss: 1 / s, best: true });
  }
  if (options.finished !== false) {
    lines.push({ type: 'result', steps: options.steps, elapsedMs: 1234, bestDev: { step: options.steps, error: 0.1 }, testError: { bestDev: 0.12, last: 0.13 }, lastDevError: 0.1, skippedSteps: 0, stopped: null });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
