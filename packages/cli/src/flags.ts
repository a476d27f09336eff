import { parseArgs } from 'node:util';
import { OptionError } from '@ampmix/core';
import { UsageError } from './usage-error.js';
import { closest } from './suggest.js';

/** How a flag's value is read. */
export type FlagKind = 'boolean' | 'string' | 'path' | 'number' | 'integer' | 'choice' | 'integer-list' | 'string-list';

/** One command-line flag: its name (without `--`), kind, range and help line. */
export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  /** Placeholder in help, e.g. `<dir>`. */
  readonly valueName?: string;
  /** Allowed values of a `choice` flag. */
  readonly choices?: readonly string[];
  /** Inclusive lower bound of numbers (or list items). */
  readonly min?: number;
  /** Inclusive upper bound of numbers (or list items). */
  readonly max?: number;
  /** Lower bound is exclusive (`> min`). */
  readonly exclusiveMin?: boolean;
  /** Upper bound is exclusive (`< max`). */
  readonly exclusiveMax?: boolean;
  /** A boolean flag that also accepts `--no-<name>`. */
  readonly negatable?: boolean;
  /** Shown in help as the default. */
  readonly defaultText?: string;
}

/** A parsed value. */
export type FlagValue = string | number | boolean | number[] | string[];

/** The result of {@link parseFlags}: values of the flags given, and positional arguments. */
export interface ParsedFlags {
  values: Record<string, FlagValue>;
  positionals: string[];
}

/** Options of {@link parseFlags}. */
export interface ParseOptions {
  /** The command, for messages (e.g. `ampmix train`). */
  command: string;
  /** Most positional arguments accepted (default 0). */
  maxPositionals?: number;
}

function rangeText(spec: FlagSpec, what: string): string {
  if (spec.min !== undefined && spec.max !== undefined) {
    return `${what} in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}${spec.exclusiveMax ? ')' : ']'}`;
  }
  if (spec.min !== undefined) return `${what} ${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`;
  if (spec.max !== undefined) return `${what} ${spec.exclusiveMax ? '<' : '≤'} ${spec.max}`;
  return what;
}

function inRange(spec: FlagSpec, v: number): boolean {
  if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min)) return false;
  if (spec.max !== undefined && (spec.exclusiveMax ? v >= spec.max : v > spec.max)) return false;
  return true;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function readNumber(spec: FlagSpec, flag: string, raw: string, integer: boolean): number {
  const expected = rangeText(spec, integer ? 'an integer' : 'a number');
  if (!NUMBER.test(raw.trim())) throw new OptionError(flag, raw, expected);
  const v = Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || !inRange(spec, v)) throw new OptionError(flag, raw, expected);
  return v;
}

/** Converts the raw text of a flag to its value; throws an {@link OptionError} naming the flag, the value and what is allowed. */
export function readFlagValue(spec: FlagSpec, raw: string): FlagValue {
  const flag = `--${spec.name}`;
  switch (spec.kind) {
    case 'number':
      return readNumber(spec, flag, raw, false);
    case 'integer':
      return readNumber(spec, flag, raw, true);
    case 'choice': {
      const choices = spec.choices ?? [];
      if (!choices.includes(raw)) {
        // short values (gpu, rnn) are too near too much to guess from
        const guess = raw.length >= 4 ? closest(raw, choices) : null;
        throw new OptionError(flag, raw, `one of ${choices.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`);
      }
      return raw;
    }
    case 'integer-list': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) throw new OptionError(flag, raw, `a comma-separated list of ${rangeText(spec, 'integers')}`);
      return items.map((s) => {
        if (!/^[+-]?\d+$/.test(s) || !inRange(spec, Number(s))) throw new OptionError(flag, raw, `a comma-separated list of ${rangeText(spec, 'integers')}`);
        return Number(s);
      });
    }
    case 'string-list': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) throw new OptionError(flag, raw, 'a comma-separated list without empty items');
      return items;
    }
    case 'path':
    case 'string':
      if (raw === '') throw new OptionError(flag, raw, spec.kind === 'path' ? 'a non-empty path' : 'a non-empty string');
      return raw;
    case 'boolean':
      throw new UsageError(`${flag} takes no value; got ${JSON.stringify(raw)}`);
  }
}

function valueError(spec: FlagSpec): UsageError {
  const what = spec.kind === 'choice' ? `one of ${(spec.choices ?? []).join(', ')}` : (spec.valueName ?? 'a value');
  return new UsageError(`--${spec.name} needs a value: ${what}`);
}

/**
 * Parses `argv` against `specs` with `node:util` `parseArgs` (which splits `--name value`, `--name=value`,
 * `-h` and `--`), then checks each token: unknown flags get a "did you mean", missing values, repeated flags
 * and extra positional arguments are {@link UsageError}s; bad values are {@link OptionError}s naming the flag,
 * the value and the allowed range. Negatable booleans also accept `--no-<name>`.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const declared: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const s of specs) {
    declared[s.name] = s.kind === 'boolean' ? { type: 'boolean', ...(s.name === 'help' ? { short: 'h' } : {}) } : { type: 'string' };
    if (s.negatable) declared[`no-${s.name}`] = { type: 'boolean' };
  }
  // strict: false, so that every problem is reported below in the CLI's words
  const { tokens } = parseArgs({ args: [...argv], options: declared, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  const maxPositionals = options.maxPositionals ?? 0;
  const allowed = () => specs.map((s) => `--${s.name}`).join(', ');
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (positionals.length >= maxPositionals) {
        throw new UsageError(
          maxPositionals === 0
            ? `${options.command} takes no positional arguments; got ${JSON.stringify(token.value)} (flags start with --)`
            : `${options.command} takes at most ${maxPositionals} positional arguments; got ${JSON.stringify(token.value)} too`,
        );
      }
      positionals.push(token.value);
      continue;
    }
    const negated = !byName.has(token.name) && token.name.startsWith('no-') && byName.get(token.name.slice(3))?.negatable === true;
    const name = negated ? token.name.slice(3) : token.name;
    const spec = byName.get(name);
    if (!spec) {
      if (!token.rawName.startsWith('--')) throw new UsageError(`unknown flag ${token.rawName} for ${options.command}; flags are spelled --name (allowed: ${allowed()})`);
      const guess = closest(name, specs.map((s) => s.name));
      throw new UsageError(`unknown flag --${name} for ${options.command}${guess ? ` (did you mean --${guess}?)` : ''}; allowed: ${allowed()}`);
    }
    if (name in values) throw new UsageError(`--${name} is given more than once`);
    if (spec.kind === 'boolean') {
      const inline = token.value;
      if (inline !== undefined) {
        if (negated || (inline !== 'true' && inline !== 'false')) throw new OptionError(`--${name}`, inline, 'no value, or true or false');
        values[name] = inline === 'true';
      } else values[name] = !negated;
      continue;
    }
    if (negated) throw new UsageError(`--no-${name} is not a flag; --${name} takes a value`);
    const raw = token.value;
    // `--steps --amp`: parseArgs takes the next flag as the value; a value may start with - only as a number
    if (raw === undefined || (!token.inlineValue && raw.startsWith('-') && !NUMBER.test(raw))) throw valueError(spec);
    values[name] = readFlagValue(spec, raw);
  }
  return { values, positionals };
}
