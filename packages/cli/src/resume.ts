import { join } from 'node:path';
import { readRunLog } from '@ampmix/report';
import { extraConfig } from '@ampmix/report';
import type { RunConfig } from './config.js';
import { RUN_FILES } from './run-dir.js';
import { UsageError } from './usage-error.js';

/**
 * Fields that may change when a run is resumed: how long it runs, how often it evaluates, and the
 * learning rate and non-finite limit (to continue a run that diverged).
 */
const MAY_CHANGE = new Set(['optim.steps', 'optim.epochs', 'optim.evalEvery', 'optim.patience', 'optim.lr', 'optim.maxNonFinite']);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value));
}

/** Settings that differ between two run configs (dotted paths), ignoring those a resume may change. */
export function configDifferences(saved: RunConfig, now: RunConfig): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(saved, '', a);
  flatten(now, '', b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !MAY_CHANGE.has(k) && k !== 'label');
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k} was ${a.get(k) ?? 'unset'}, now ${b.get(k) ?? 'unset'}`);
}

/** Throws a {@link UsageError} when `--resume` is given with settings other than the run's. */
export async function checkResumeConfig(out: string, config: RunConfig): Promise<void> {
  let saved: RunConfig | undefined;
  try {
    saved = extraConfig(await readRunLog(join(out, RUN_FILES.log))).cli as RunConfig | undefined;
  } catch {
    return; // no readable log: the checkpoint's own checks apply
  }
  if (!saved) return;
  const diff = configDifferences(saved, config);
  if (diff.length) throw new UsageError(`--resume with other settings than the run in ${out}: ${diff.join('; ')}; give the same flags (only --steps, --epochs, --eval-every, --patience, --lr and --max-non-finite may change)`);
}
