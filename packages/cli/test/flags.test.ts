import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import type { FlagSpec } from '../src/flags.js';
import { parseFlags, readFlagValue } from '../src/flags.js';
import { UsageError } from '../src/usage-error.js';

const SPECS: FlagSpec[] = [
  { name: 'model', kind: 'choice', choices: ['cnn', 'lstm'], help: '' },
  { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, help: '' },
  { name: 'steps', kind: 'integer', min: 1, help: '' },
  { name: 'epsilon', kind: 'number', min: 0, help: '' },
  { name: 'shift', kind: 'number', help: '' },
  { name: 'fraction', kind: 'number', min: 0, max: 1, exclusiveMin: true, help: '' },
  { name: 'dev', kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, help: '' },
  { name: 'seeds', kind: 'integer-list', min: 0, help: '' },
  { name: 'names', kind: 'string-list', help: '' },
  { name: 'amp', kind: 'boolean', help: '' },
  { name: 'clip', kind: 'boolean', negatable: true, help: '' },
  { name: 'out', kind: 'path', help: '' },
  { name: 'help', kind: 'boolean', help: '' },
];
const parse = (argv: string[], maxPositionals = 0) => parseFlags(argv, SPECS, { command: 'ampmix test', maxPositionals });

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('parseFlags', () => {
  it('reads every kind, both spellings', () => {
    const { values } = parse(['--model', 'lstm', '--lr=0.001', '--steps', '5', '--seeds', '1,2,3', '--names', 'a,b+amp', '--amp', '--no-clip', '--out', 'runs/x', '--shift', '-2.5']);
    expect(values).toEqual({ model: 'lstm', lr: 0.001, steps: 5, seeds: [1, 2, 3], names: ['a', 'b+amp'], amp: true, clip: false, out: 'runs/x', shift: -2.5 });
  });
  it('accepts --clip and -h', () => {
    expect(parse(['--clip', '-h']).values).toEqual({ clip: true, help: true });
  });
  it('names the flag, the value and the allowed values on bad values', () => {
    const e = errorOf(() => parse(['--model', 'rnn']));
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toBe('Invalid --model: got "rnn"; expected one of cnn, lstm.');
    expect(errorOf(() => parse(['--lr', 'abc'])).message).toBe('Invalid --lr: got "abc"; expected a number > 0.');
    expect(errorOf(() => parse(['--lr', '0'])).message).toBe('Invalid --lr: got "0"; expected a number > 0.');
    expect(errorOf(() => parse(['--steps', '2.5'])).message).toBe('Invalid --steps: got "2.5"; expected an integer ≥ 1.');
    expect(errorOf(() => parse(['--fraction', '1.5'])).message).toBe('Invalid --fraction: got "1.5"; expected a number in (0, 1].');
    expect(errorOf(() => parse(['--dev', '1'])).message).toBe('Invalid --dev: got "1"; expected a number in (0, 1).');
    expect(errorOf(() => parse(['--seeds', '1,,2'])).message).toMatch(/^Invalid --seeds: got "1,,2"; expected a comma-separated list of integers ≥ 0\.$/);
    expect(errorOf(() => parse(['--epsilon', 'Infinity'])).message).toMatch(/Invalid --epsilon/);
  });
  it('rejects unknown flags with a suggestion and the allowed list', () => {
    const e = errorOf(() => parse(['--modle', 'cnn']));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/^unknown flag --modle for ampmix test \(did you mean --model\?\); allowed: --model, --lr, /);
    expect(errorOf(() => parse(['--zzzzzzzz'])).message).not.toMatch(/did you mean/);
    expect(errorOf(() => parse(['-x'])).message).toMatch(/unknown flag -x/);
    expect(errorOf(() => parse(['--no-amp'])).message).toMatch(/unknown flag --no-amp/);
  });
  it('rejects a missing value, a repeated flag, a value on a boolean and stray positionals', () => {
    expect(errorOf(() => parse(['--steps'])).message).toBe('--steps needs a value: a value');
    expect(errorOf(() => parse(['--model', '--amp'])).message).toBe('--model needs a value: one of cnn, lstm');
    expect(errorOf(() => parse(['--steps', '1', '--steps', '2'])).message).toBe('--steps is given more than once');
    expect(errorOf(() => parse(['--amp=yes'])).message).toMatch(/^Invalid --amp: got "yes"/);
    expect(parse(['--amp=false']).values.amp).toBe(false);
    expect(errorOf(() => parse(['train.txt'])).message).toMatch(/takes no positional arguments; got "train.txt"/);
    expect(errorOf(() => parse(['--out', ''])).message).toBe('Invalid --out: got ""; expected a non-empty path.');
  });
  it('collects positionals up to the limit and after --', () => {
    expect(parse(['a', '--amp', 'b', '--', '--c'], 3).positionals).toEqual(['a', 'b', '--c']);
    expect(errorOf(() => parse(['a', 'b'], 1)).message).toMatch(/at most 1 positional/);
  });
});

describe('readFlagValue', () => {
  it('parses numbers in exponent form and rejects hex and empty', () => {
    const lr = SPECS[1];
    expect(readFlagValue(lr, '2e-4')).toBe(2e-4);
    expect(readFlagValue(lr, '.5')).toBe(0.5);
    expect(() => readFlagValue(lr, '0x10')).toThrow(OptionError);
    expect(() => readFlagValue(lr, '')).toThrow(OptionError);
  });
});
