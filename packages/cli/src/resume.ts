import { join } from 'node:path';
import { readRunLog } from '@ampmix/report';
import { extraConfig } from '@ampmix/report';
import type { RunConfig } from './config.js';
import { modelNamed, NO_VARIANT, variantNamed } from './catalog.js';
import { RUN_FILES } from './run-dir.js';
import { UsageError } from './usage-error.js';
import type { LoadedData } from './setup/data.js';
import type { SavedCliConfig } from './run.js';
import { AmpmixError } from '@ampmix/core';

/**
 * Fields that may change when a run is resumed: how long it runs, how often it evaluates, and the
 * learning rate and non-finite limit (to continue a run that diverged).
 */
const MAY_CHANGE = new Set(['optim.steps', 'optim.epochs', 'optim.evalEvery', 'optim.patience', 'optim.lr', 'optim.maxNonFinite']);

/** The defaults of the fields with a fixed default (a flag given with its default equals the flag left out). */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  'data.fraction': 1,
  'data.fold': 0,
  'data.devFraction': 0.1,
  'data.minFreq': 1,
  'data.lenient': false,
  'data.encoding': 'utf-8',
  'model.embeddings': 'random',
  'model.embeddingDim': 300,
  'model.freezeEmbeddings': false,
  'method.loss': 'softmax-ce',
  'method.amp.epsilon': 0.002,
  'method.amp.clip': true,
  'optim.batchSize': 50,
  'optim.clipNorm': 10,
  'optim.seed': 0,
};

function defaultOf(config: RunConfig, key: string): unknown {
  if (key.startsWith('method.amp.') && !config.method.amp) return undefined;
  if (key in DEFAULTS) return DEFAULTS[key];
  const m = /^(model|method)\.options\.(.+)$/.exec(key);
  if (!m) return undefined;
  try {
    const d = m[1] === 'model' ? modelNamed(config.model.name) : config.method.variant === NO_VARIANT ? null : variantNamed(config.method.variant);
    return d?.options.find((o) => o.name === m[2])?.default;
  } catch {
    return undefined; // a name this version does not know: compared as given
  }
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value));
}

/** The flattened settings of `config` (dotted paths), values equal to their default dropped. */
function settings(config: RunConfig): Map<string, string> {
  const flat = new Map<string, string>();
  flatten(config, '', flat);
  for (const [k, v] of flat) {
    const d = defaultOf(config, k);
    if (d !== undefined && JSON.stringify(d) === v) flat.delete(k);
  }
  return flat;
}

/**
 * Settings that differ between two run configs (dotted paths), ignoring those a resume may change; a value
 * given that equals its default is the same as the value left out (`--alpha 1` = no `--alpha`).
 */
export function configDifferences(saved: RunConfig, now: RunConfig): string[] {
  const a = settings(saved);
  const b = settings(now);
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !MAY_CHANGE.has(k) && k !== 'label');
  const show = (m: Map<string, string>, config: RunConfig, k: string) => {
    const d = defaultOf(config, k);
    return m.get(k) ?? (d !== undefined ? `${JSON.stringify(d)} (the default)` : 'unset');
  };
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k} was ${show(a, saved, k)}, now ${show(b, now, k)}`);
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

/** The data of a resumed run is not the data its checkpoint was trained on. */
export class DataChangedError extends AmpmixError {
  constructor(message: string) {
    super('E_DATA_CHANGED', message);
    this.name = 'DataChangedError';
  }
}

/**
 * Throws a {@link DataChangedError} when `data` is not the data the run in `out` was trained on: the content
 * hashes of the vocabulary and of each split (token ids and labels) saved in its log are compared, as
 * `ampmix eval` compares the vocabulary. The message names what changed and the files to restore.
 */
export async function checkResumeData(out: string, data: LoadedData): Promise<void> {
  let saved: Partial<SavedCliConfig>;
  try {
    saved = extraConfig(await readRunLog(join(out, RUN_FILES.log))) as Partial<SavedCliConfig>;
  } catch {
    return; // no readable log: nothing to compare against
  }
  if (!data.text) return;
  const now = data.text.hashes;
  const was = saved.data ?? (saved.vocabulary ? { vocabulary: saved.vocabulary.fingerprint, train: null, dev: null, test: null } : null);
  if (!was) return;
  const cli = saved.cli?.data;
  const where = (split: 'train' | 'dev' | 'test') => (cli?.dataset ? `--dataset ${cli.dataset}` : cli?.files?.[split] ? `--${split}-file ${cli.files[split]}` : `the ${split} split`);
  const changed: string[] = [];
  if (was.vocabulary !== now.vocabulary) {
    changed.push(`the vocabulary (${saved.vocabulary?.size ?? '?'} words when trained, ${data.text.splits.vocab.size} now; hash ${was.vocabulary} → ${now.vocabulary})`);
  }
  for (const split of ['train', 'dev', 'test'] as const) {
    const a = was[split];
    const b = now[split];
    if (a && b && a !== b) changed.push(`the ${split} split (${where(split)}: hash ${a} → ${b})`);
  }
  if (changed.length) {
    throw new DataChangedError(
      `--resume: the data is not what the run in ${out} was trained on: ${changed.join('; ')}; restore the run's data files, or start a new run with another --out`,
    );
  }
}
