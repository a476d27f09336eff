import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { flagMessage } from '../../src/advice.js';
import { COMMANDS } from '../../src/main.js';
import { TRAIN_FLAGS } from '../../src/train-flags.js';
import { EVAL_FLAGS } from '../../src/commands/eval.js';
import { COMPARE_FLAGS } from '../../src/commands/compare.js';
import { SWEEP_FLAG_NAMES } from '../../src/commands/sweep.js';
import { REPORT_FLAGS } from '../../src/commands/report.js';
import { textComparisonFlags } from '../../src/comparison/index.js';
import { FIXTURES, mountTmpfs, runCli, simulateQuota, STACK_LINE, TINY, tmpDir } from './helpers.js';

// Issue 14, CLI side, cases 9-11: advice names flags that exist, errors name flags (not library options),
// and the minor data cases get a clear line.

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const restores: (() => void)[] = [];
afterEach(() => {
  for (const r of restores.splice(0).reverse()) r();
});

function file(name: string, bytes: string | Buffer): string {
  const p = path.join(tmpDir(), name);
  fs.writeFileSync(p, bytes);
  return p;
}
const SMALL_MODEL = ['--embedding-dim', '4', '--num-filters', '2', '--filter-sizes', '2', '--backend', 'cpu', '--progress', 'none', '--steps', '1'];

describe('(9) every piece of advice names a flag that exists', () => {
  it('a Windows-1252 file: the advice says --encoding windows-1252, and that flag reads it', async () => {
    const lines = fs.readFileSync(FIXTURES.train, 'utf8').trim().split('\n');
    const latin = file('latin.train', Buffer.concat([Buffer.from(`${lines[0]} caf`), Buffer.from([0xe9]), Buffer.from(`\n${lines.slice(1).join('\n')}\n`)]));
    const r = await runCli(['train', '--train-file', latin, ...SMALL_MODEL]);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      `ampmix train: ${latin}:1: not UTF-8: byte 0xe9 at column ${lines[0].length + 5} (decode the file as UTF-8, or pass --encoding windows-1252 for a latin-1 / Windows-1252 file) (pass --lenient to skip such lines)`,
    ]);
    const ok = await runCli(['train', '--train-file', latin, '--encoding', 'windows-1252', ...SMALL_MODEL]);
    expect(ok.errors).toEqual([]);
    expect(ok.code).toBe(0);
    const shipped = await runCli(['train', '--dataset', 'trec', '--encoding', 'utf-8']);
    expect(shipped.errors).toEqual(['ampmix train: --encoding goes with --train-file, not with --dataset trec']);
  });

  it('every --flag the CLI source writes in a message is a flag of some command', () => {
    const examples = textComparisonFlags('x', { steps: 1, seeds: [1], learningRate: 1, epsilon: 1, embeddingDim: 1, maxLength: 1 } as never, '');
    // `--name` and `--no-<name>` are how messages spell the syntax itself
    const flags = new Set(['version', 'no-clip', 'name', 'no', ...[TRAIN_FLAGS, EVAL_FLAGS, COMPARE_FLAGS, REPORT_FLAGS, examples].flat().map((f) => f.name), ...SWEEP_FLAG_NAMES]);
    const named = new Map<string, string>();
    for (const rel of fs.readdirSync(SRC, { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(SRC, rel), 'utf8');
      for (const m of text.matchAll(/(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\b/g)) if (!named.has(m[1])) named.set(m[1], rel);
    }
    expect(named.size).toBeGreaterThan(30);
    const unknown = [...named].filter(([f]) => !flags.has(f)).map(([f, where]) => `--${f} (${where})`);
    expect(unknown).toEqual([]);
    expect(Object.keys(COMMANDS)).toEqual(['train', 'eval', 'compare', 'report', 'sweep', 'worker']);
  });
});

describe('(10) errors name the flag to change, never a library option', () => {
  it('a file too small for a dev split, a one-class file', async () => {
    const tiny = file('tiny.txt', '0 good film\n1 bad film\n');
    const t = await runCli(['train', '--train-file', tiny, ...SMALL_MODEL]);
    expect(t.code).toBe(1);
    expect(t.errors).toEqual([`ampmix train: --train-file ${tiny}: the dev split is empty (--dev-fraction 0.1 of 1 training examples rounds to none); give more data, a --dev-file, or a larger --dev-fraction`]);
    const one = file('one.txt', '0 good film\n0 fine film\n0 nice one\n0 great fun\n0 ok then\n');
    const o = await runCli(['train', '--train-file', one, ...SMALL_MODEL]);
    expect(o.errors).toEqual([`ampmix train: --train-file ${one}: every training example has the label "0"; a classifier needs at least 2 classes (the label is the first word of each line)`]);
  });

  it('too little space for a checkpoint at the start: the message names --out', async () => {
    const m = mountTmpfs(512);
    const base = m?.dir ?? tmpDir();
    if (m) {
      restores.push(() => m.release());
      const st = fs.statfsSync(base);
      fs.writeFileSync(path.join(base, 'filler'), Buffer.alloc(st.bavail * st.bsize - 40 * 1024)); // 40 KiB left
    } else restores.push(simulateQuota(base, 0)); // mount refused here: a simulated full disk (statfs is not simulated)
    const out = path.join(base, 'run');
    const r = await runCli(['train', ...TINY, '--steps', '2', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(m ? /^ampmix train: Invalid --out: got ".*\/run\/checkpoint"; expected a writable directory path with at least \d+ KiB free/ : /^ampmix train: cannot write the lock file of --out .*: no space left on the device \(ENOSPC\)$/);
    expect(r.errors[0]).not.toMatch(/Invalid (checkpointDir|logFile)/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('flagMessage maps the library option to its flag (items of a list too) and leaves unknown options alone', () => {
    expect(flagMessage(new OptionError('batchSize', 20, 'an integer in [1, 12] (the training set size) when dropLast is true'))).toBe(
      'Invalid --batch-size: got 20; expected an integer in [1, 12] (the training set size) when dropLast is true.',
    );
    expect(flagMessage(new OptionError('filterSizes[1]', 0, 'an integer in [1, 1000]'))).toBe('Invalid --filter-sizes (item [1]): got 0; expected an integer in [1, 1000].');
    expect(flagMessage(new OptionError('tau', -1, 'a finite number > 0'))).toBe('Invalid --tau: got -1; expected a finite number > 0.');
    expect(flagMessage(new OptionError('checkpointDir', '/x/checkpoint', 'a writable directory path'))).toBe('Invalid --out: got "/x/checkpoint"; expected a writable directory path.');
    expect(flagMessage(new OptionError('sources.train', 1, 'x'))).toBe(null);
  });
});

describe('(11) the minor cases', () => {
  it('labels 01 and 1 are refused as two spellings of one label', async () => {
    const f = file('zero1.txt', '01 good film\n1 nice film\n0 bad film\n0 awful film\n01 great\n0 meh\n1 fine\n0 dull\n');
    const r = await runCli(['train', '--train-file', f, ...SMALL_MODEL]);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([`ampmix train: --train-file ${f}: labels "01" and "1" are read as two classes (labels are compared as written); write each label one way`]);
  });

  it('a comma-separated file gets a line that says so (not "Invalid dev.size")', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => `${i % 2},word${i} film`);
    const f = file('comma.csv', `${rows.join('\n')}\n`);
    const r = await runCli(['train', '--train-file', f, ...SMALL_MODEL]);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(new RegExp(`^ampmix train: --train-file ${f}: 23 classes, labels such as "\\d,word\\d+" hold a comma: this looks like a comma-separated file; ampmix reads one example per line, the label first and a space or tab before the text$`));
  });

  it('--lenient credits each skipped line to its own file', async () => {
    const test = file('bad.test', `${fs.readFileSync(FIXTURES.test, 'utf8').trim()}\nno-label-here\n7 unseen label\n`);
    const r = await runCli(['train', '--train-file', FIXTURES.train, '--test-file', test, '--lenient', ...SMALL_MODEL]);
    expect(r.errors).toEqual([]);
    expect(r.err).toMatch(/\[ampmix\] data: tiny\.train: .*, 2 lines skipped: 2 in bad\.test\n/);
  });
});
