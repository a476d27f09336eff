import type { RunOutcome } from './run.js';

function pct(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : 'n/a';
}

/** The lines `ampmix train` prints at the end: test errors, best dev, time, skipped steps, run folder. */
export function formatOutcome(outcome: RunOutcome): string {
  const r = outcome.result;
  const lines = [
    `${outcome.config.label} (seed ${outcome.config.optim.seed}): test error ${pct(outcome.testError)}` +
      (r.bestDev ? ` (best dev ${pct(r.bestDev.error)} at step ${r.bestDev.step}; last model ${pct(r.testError.last)})` : ''),
    `steps ${r.steps}, ${(r.elapsedMs / 1000).toFixed(1)} s${r.skippedSteps ? `, ${r.skippedSteps} non-finite steps skipped` : ''}${r.inertAmp ? `, AMP inert from step ${r.inertAmp.step} (${r.inertAmp.reason})` : ''}`,
  ];
  if (outcome.dir) lines.push(`run folder: ${outcome.dir} (plots: ampmix report ${outcome.dir})`);
  if (r.savedModel) lines.push(`model: ${r.savedModel.path} (${r.savedModel.weights} weights of step ${r.savedModel.step}; loadWeights of @ampmix/trainer/node reads them)`);
  return lines.join('\n');
}
