import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, snapshot, STACK_LINE, TINY, tmpDir } from './helpers.js';

let dir = '';
let files: Record<string, string> = {};
beforeAll(() => {
  dir = tmpDir();
  const good = fs.readFileSync(FIXTURES.train, 'utf8');
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  files = {
    noLabel: write('no-label.train', '1 good film\nno-label-here\n'),
    blank: write('blank.train', '1 good film\n\n0 bad film\n'),
    unknownLabel: write('unknown.test', '1 fine film\n7 unseen label\n'),
    emptyText: write('empty.train', `${good}1\n`),
    emptyAfterCleaning: write('cleaned.train', `${good}1 @@@ ###\n`),
    glove: write('glove.txt', 'good 0.1 0.2 0.3\nbad 0.1 0.2\n'),
  };
});

const T = FIXTURES.train;
/** One bad input: the flags after `train`, the exit code and the one line on stderr (string: exact; RegExp: pattern). */
const CASES: [string, () => string[], number, () => string | RegExp][] = [
  ['malformed line (no label)', () => ['--train-file', files.noLabel, '--test-file', FIXTURES.test], 1,
    () => `ampmix train: ${files.noLabel}:2: no label: expected an integer label first, got "no-label-here" ("no-label-here") (pass --lenient to skip such lines)`],
  ['malformed line (blank)', () => ['--train-file', files.blank, '--test-file', FIXTURES.test], 1,
    () => `ampmix train: ${files.blank}:2: blank line: expected "<label> <sentence>" (pass --lenient to skip such lines)`],
  ['unknown label', () => ['--train-file', T, '--test-file', files.unknownLabel], 1,
    () => `ampmix train: ${files.unknownLabel}:2: unknown label "7": not among the training labels (0, 1) (pass --lenient to skip such lines)`],
  ['empty text', () => ['--train-file', files.emptyText, '--test-file', FIXTURES.test], 1,
    () => `ampmix train: ${files.emptyText}:49: empty sentence: label "1" has no text after it (pass --lenient to skip such lines)`],
  ['text the cleaning empties', () => ['--train-file', files.emptyAfterCleaning, '--test-file', FIXTURES.test], 1,
    () => `ampmix train: ${files.emptyAfterCleaning}:49: empty sentence after cleaning: "@@@ ###" has no word Kim's cleaning keeps (pass --lenient to skip such lines)`],
  ['α = 0', () => ['--train-file', T, '--variant', 'word-mixup', '--alpha', '0'], 2, () => 'ampmix train: Invalid --alpha: got "0"; expected a number > 0.'],
  ['α < 0', () => ['--train-file', T, '--variant', 'word-mixup', '--alpha', '-1'], 2, () => 'ampmix train: Invalid --alpha: got "-1"; expected a number > 0.'],
  ['ε < 0', () => ['--train-file', T, '--variant', 'word-mixup', '--amp', '--epsilon', '-0.1'], 2, () => 'ampmix train: Invalid --epsilon: got "-0.1"; expected a number ≥ 0.'],
  ['ε = NaN', () => ['--train-file', T, '--variant', 'word-mixup', '--amp', '--epsilon', 'NaN'], 2, () => 'ampmix train: Invalid --epsilon: got "NaN"; expected a number ≥ 0.'],
  ['ε = Infinity', () => ['--train-file', T, '--variant', 'word-mixup', '--amp', '--epsilon', 'Infinity'], 2, () => 'ampmix train: Invalid --epsilon: got "Infinity"; expected a number ≥ 0.'],
  ['ε overflowing to ∞', () => ['--train-file', T, '--variant', 'word-mixup', '--amp', '--epsilon', '1e999'], 2, () => 'ampmix train: Invalid --epsilon: got "1e999"; expected a number ≥ 0.'],
  ['window < 2', () => ['--train-file', T, '--variant', 'word-mixup', '--amp', '--reweight', '1'], 2, () => 'ampmix train: Invalid --reweight: got "1"; expected an integer ≥ 2.'],
  ['batch of zero', () => ['--train-file', T, '--batch-size', '0'], 2, () => 'ampmix train: Invalid --batch-size: got "0"; expected an integer ≥ 1.'],
  ['fraction 0', () => ['--train-file', T, '--fraction', '0'], 2, () => 'ampmix train: Invalid --fraction: got "0"; expected a number in (0, 1].'],
  ['fraction > 1', () => ['--train-file', T, '--fraction', '1.5'], 2, () => 'ampmix train: Invalid --fraction: got "1.5"; expected a number in (0, 1].'],
  ['fraction < 0', () => ['--train-file', T, '--fraction', '-0.5'], 2, () => 'ampmix train: Invalid --fraction: got "-0.5"; expected a number in (0, 1].'],
  ['fold 10', () => ['--train-file', T, '--fold', '10'], 2, () => 'ampmix train: Invalid --fold: got "10"; expected an integer in [0, 9].'],
  ['fold −1', () => ['--train-file', T, '--fold', '-1'], 2, () => 'ampmix train: Invalid --fold: got "-1"; expected an integer in [0, 9].'],
  ['fold with a test file', () => ['--train-file', T, '--test-file', FIXTURES.test, '--fold', '3'], 2, () => 'ampmix train: --fold applies when there is no --test-file (10-fold CV)'],
  ['unknown backend', () => ['--train-file', T, '--backend', 'gpu'], 2, () => 'ampmix train: Invalid --backend: got "gpu"; expected one of auto, node-gpu, node, wasm, cpu.'],
  ['backend not installed', () => ['--train-file', T, '--backend', 'node'], 1,
    () => /^ampmix train: backend "node" is unavailable: @tensorflow\/tfjs-node is not installed\. --backend choices: auto, node-gpu, node, wasm, cpu\.$/],
  ['embeddings of the wrong dimension (GloVe row)', () => ['--train-file', T, '--test-file', FIXTURES.test, '--embeddings', files.glove], 1,
    () => `ampmix train: ${files.glove}:2: row "bad" has 2 values; expected 3 (pass --lenient to skip such lines)`],
  ['embedding size given with pre-trained vectors', () => ['--train-file', T, '--embeddings', files.glove, '--embedding-dim', '8'], 2,
    () => `ampmix train: --embedding-dim applies to --embeddings random; the size of --embeddings ${files.glove} comes from the vectors`],
];

describe('ampmix train: bad input', () => {
  it.each(CASES)('%s: one line naming the input and the allowed values, no stack, nothing written', async (_name, args, code, message) => {
    const out = path.join(tmpDir(), 'run');
    const r = await runCli(['train', ...args(), '--progress', 'none', '--steps', '1', '--out', out]);
    expect(r.code).toBe(code);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.errors).toHaveLength(1);
    const m = message();
    if (typeof m === 'string') expect(r.errors[0]).toBe(m);
    else expect(r.errors[0]).toMatch(m);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a batch of one is accepted: each example is its own partner (λ-gradient 0), the run finishes without a skipped step', async () => {
    const out = path.join(tmpDir(), 'run');
    const tiny = TINY.map((a, i) => (TINY[i - 1] === '--batch-size' ? '1' : a));
    const r = await runCli(['train', ...tiny, '--steps', '3', '--variant', 'word-mixup', '--amp', '--out', out]);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const steps = fs.readFileSync(path.join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'step');
    expect(steps.map((s) => [s.skipped, s.meanAbsDeltaLambda, Number.isFinite(s.loss)])).toEqual([[false, 0, true], [false, 0, true], [false, 0, true]]);
  });

  it('bad input on --resume loses nothing: the run folder stays byte for byte as it was', async () => {
    const root = tmpDir();
    const train = path.join(root, 'my.train');
    fs.copyFileSync(FIXTURES.train, train);
    const out = path.join(root, 'run');
    const flags = ['--train-file', train, '--test-file', FIXTURES.test, '--embedding-dim', '8', '--num-filters', '4', '--filter-sizes', '2,3', '--max-length', '12', '--batch-size', '8', '--progress', 'none', '--variant', 'word-mixup'];
    expect((await runCli(['train', ...flags, '--backend', 'cpu', '--steps', '2', '--out', out])).code).toBe(0);
    const before = snapshot(out);
    fs.appendFileSync(train, 'no-label-here\n'); // the data went bad since
    const bad = await runCli(['train', ...flags, '--backend', 'cpu', '--steps', '4', '--resume', '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.errors).toEqual([`ampmix train: ${train}:49: no label: expected an integer label first, got "no-label-here" ("no-label-here") (pass --lenient to skip such lines)`]);
    const flag = await runCli(['train', ...flags, '--backend', 'cpu', '--steps', '4', '--resume', '--alpha', '0', '--out', out]);
    expect(flag.code).toBe(2);
    const backend = await runCli(['train', ...flags, '--backend', 'node', '--steps', '4', '--resume', '--out', out]);
    expect(backend.code).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });

  it('a data error advises the CLI flag --lenient', async () => {
    const r = await runCli(['train', '--train-file', files.noLabel, '--test-file', FIXTURES.test, '--progress', 'none', '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.errors[0]).toContain('--lenient');
    expect(r.errors[0]).not.toContain('lenient: true');
  });
});
