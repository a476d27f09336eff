import { canonicalJson, shortHash } from './canonical.js';

/** One configuration (a row of the table): an id and the parameters its runner reads. */
export interface GridConfiguration {
  /** Short id, unique in the grid: letters, digits and `+ - _ . [ ] = ,` (no `|` or `:`). */
  id: string;
  /** What the runner needs to build this configuration (JSON). */
  params?: Record<string, unknown>;
  /** The configuration it is compared against in the table (paired by seed, fraction and fold). */
  baseline?: string;
}

/**
 * A grid: every configuration × seed × fraction × fold is one run. Runs of one seed, fraction and fold are
 * paired: the runner is given the same seed, fraction and fold for every configuration, so a runner that
 * seeds its data order, split and initial weights from them trains every configuration on the same data
 * in the same order from the same weights.
 */
export interface GridSpec {
  /** Name of the sweep (recorded with each run; not part of the run key). */
  name: string;
  /**
   * The module that trains one run: an absolute path, a `file:` URL or a package specifier, exporting
   * `run(run: RunSpec, context: RunContext): Promise<RunResult>` (see {@link RunFunction}).
   */
  runner: string;
  configurations: readonly GridConfiguration[];
  seeds: readonly number[];
  /** Training fractions in (0, 1]; default `[1]`. */
  fractions?: readonly number[];
  /** Cross-validation folds; default `[null]` (no folds). */
  folds?: readonly (number | null)[];
  /** Settings every run shares (steps, batch size, …): JSON, part of every run key. */
  shared?: Record<string, unknown>;
  /** Result field the table compares (lower is better); default `testError`. */
  metric?: string;
}

/** One run of a grid, as the runner receives it (plain JSON). */
export interface RunSpec {
  /**
   * Canonical run key: `<configuration>|s<seed>|f<fraction>|k<fold>|<hash of params + shared>` — what the run
   * is, not which sweep lists it, so a run two grids share (a baseline row of an ablation grid) trains once.
   */
  key: string;
  sweep: string;
  configuration: string;
  params: Record<string, unknown>;
  shared: Record<string, unknown>;
  seed: number;
  fraction: number;
  fold: number | null;
}

/** What a runner gets besides its run. */
export interface RunContext {
  /** A folder of this run's own (checkpoints, logs) when the executor was given `runsDir`, else null. */
  runDir: string | null;
  /** True when `runDir` already holds a checkpoint of an interrupted attempt: continue from it. */
  resume: boolean;
}

/** A run's result: plain JSON holding at least the numeric metric of the grid. */
export type RunResult = Record<string, unknown>;

/** The function a runner module exports as `run`. */
export type RunFunction = (run: RunSpec, context: RunContext) => Promise<RunResult>;

const ID = /^[A-Za-z0-9+\-_.[\]=,]+$/;

function fail(option: string, value: unknown, expected: string): never {
  throw new RangeError(`Invalid ${option}: got ${JSON.stringify(value)}; expected ${expected}`);
}

/** Checks a spec and returns it with its defaults filled in. Messages name the option, the value and the valid range. */
export function resolveGridSpec(spec: GridSpec): Required<GridSpec> {
  if (!spec || typeof spec !== 'object') fail('spec', spec, 'an object');
  const known = ['name', 'runner', 'configurations', 'seeds', 'fractions', 'folds', 'shared', 'metric'];
  for (const k of Object.keys(spec)) if (!known.includes(k)) fail(`spec option "${k}"`, k, `one of ${known.join(', ')}`);
  if (typeof spec.name !== 'string' || !ID.test(spec.name)) fail('name', spec.name, 'a non-empty id of letters, digits and + - _ . [ ] = ,');
  if (typeof spec.runner !== 'string' || !spec.runner) fail('runner', spec.runner, 'a module path, file: URL or package name');
  if (!Array.isArray(spec.configurations) || spec.configurations.length === 0) fail('configurations', spec.configurations, 'a non-empty array');
  const ids = new Set<string>();
  spec.configurations.forEach((c, i) => {
    if (typeof c?.id !== 'string' || !ID.test(c.id)) fail(`configurations[${i}].id`, c?.id, 'an id of letters, digits and + - _ . [ ] = ,');
    if (ids.has(c.id)) fail(`configurations[${i}].id`, c.id, 'an id not used by another configuration');
    ids.add(c.id);
  });
  spec.configurations.forEach((c, i) => {
    if (c.baseline !== undefined && (!ids.has(c.baseline) || c.baseline === c.id)) fail(`configurations[${i}].baseline`, c.baseline, `another configuration's id: ${[...ids].filter((x) => x !== c.id).join(', ')}`);
  });
  if (!Array.isArray(spec.seeds) || spec.seeds.length === 0) fail('seeds', spec.seeds, 'a non-empty array of integers ≥ 0');
  spec.seeds.forEach((s, i) => { if (!Number.isInteger(s) || s < 0) fail(`seeds[${i}]`, s, 'an integer ≥ 0'); });
  const fractions = spec.fractions ?? [1];
  fractions.forEach((f, i) => { if (!(typeof f === 'number' && f > 0 && f <= 1)) fail(`fractions[${i}]`, f, 'a number in (0, 1]'); });
  const folds = spec.folds ?? [null];
  folds.forEach((k, i) => { if (k !== null && !(Number.isInteger(k) && k >= 0)) fail(`folds[${i}]`, k, 'null or an integer ≥ 0'); });
  for (const [name, list] of [['seeds', spec.seeds], ['fractions', fractions], ['folds', folds]] as const) {
    if (new Set(list).size !== list.length) fail(name, list, 'no repeated values');
  }
  return { name: spec.name, runner: spec.runner, configurations: spec.configurations, seeds: spec.seeds, fractions, folds, shared: spec.shared ?? {}, metric: spec.metric ?? 'testError' };
}

/** The canonical key of one run. Equal runs (same configuration id, params, shared settings, seed, fraction and fold) get equal keys. */
export function runKey(configuration: GridConfiguration, seed: number, fraction: number, fold: number | null, shared: Record<string, unknown>): string {
  const hash = shortHash(canonicalJson({ params: configuration.params ?? {}, shared }));
  return `${configuration.id}|s${seed}|f${fraction}|k${fold ?? '-'}|${hash}`;
}

/** Every run of a grid, in order seed → fraction → fold → configuration (the configurations of one pairing together). */
export function expandGrid(spec: GridSpec): RunSpec[] {
  const s = resolveGridSpec(spec);
  const runs: RunSpec[] = [];
  for (const seed of s.seeds) {
    for (const fraction of s.fractions) {
      for (const fold of s.folds) {
        for (const c of s.configurations) {
          runs.push({ key: runKey(c, seed, fraction, fold, s.shared), sweep: s.name, configuration: c.id, params: c.params ?? {}, shared: s.shared, seed, fraction, fold });
        }
      }
    }
  }
  return runs;
}
