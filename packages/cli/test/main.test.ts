import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { COMMANDS } from '../src/main.js';

describe('ampmix (no command, help, version)', () => {
  it('prints the command list for --help (exit 0) and without a command (exit 2)', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['train', 'eval', 'compare', 'report']) expect(help.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.out).toContain('Usage: ampmix <command>');
  });
  it('prints help for every command, listing every flag', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await runCli([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: ampmix ${name} `));
      // sweep and worker are @ampmix/sweep's command line, which has no --debug
      if (name !== 'sweep' && name !== 'worker') expect(r.out).toContain('--debug');
      expect(r.err).toBe('');
    }
    const train = await runCli(['help', 'train']);
    expect(train.out).toContain('--variant none|word-mixup|sen-mixup|input-mixup|manifold-mixup|cutmix');
    expect(train.out).toContain('--[no-]clip');
  });
  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('user errors: one line on stderr, non-zero exit, no stack', () => {
  it('an unknown command', async () => {
    const r = await runCli(['trian']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['ampmix: unknown command "trian" (did you mean train?); commands: train, eval, compare, report, sweep, worker (see ampmix --help)']);
    for (const name of ['constructor', '__proto__', 'toString']) {
      const odd = await runCli([name]);
      expect(odd.code).toBe(2);
      expect(odd.errors[0]).toMatch(/^ampmix: unknown command /);
    }
  });
  it('an unknown flag names it and the allowed flags', async () => {
    const r = await runCli(['train', '--dataset', 'trec', '--sed', '1']);
    expect(r.code).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^ampmix train: unknown flag --sed for ampmix train \(did you mean --seed\?\); allowed: --dataset, /);
  });
  it('a bad value names the flag, the value and the allowed values', async () => {
    const r = await runCli(['train', '--dataset', 'trec', '--model', 'rnn']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['ampmix train: Invalid --model: got "rnn"; expected one of cnn, lstm, mlp, small-cnn.']);
    const b = await runCli(['train', '--dataset', 'imdb']);
    expect(b.errors).toEqual(['ampmix train: Invalid --dataset: got "imdb"; expected one of trec, trec-fine, sst1, sst2, mr, subj, mnist.']);
    const typo = await runCli(['train', '--dataset', 'mnist', '--variant', 'cutmx']);
    expect(typo.errors).toEqual(['ampmix train: Invalid --variant: got "cutmx"; expected one of none, word-mixup, sen-mixup, input-mixup, manifold-mixup, cutmix (did you mean cutmix?).']);
    const c = await runCli(['train', '--dataset', 'trec', '--backend', 'gpu']);
    expect(c.errors).toEqual(['ampmix train: Invalid --backend: got "gpu"; expected one of auto, node-gpu, node, wasm, cpu.']);
  });
  it('conflicting flags', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^ampmix train: no data: give --dataset \(trec, trec-fine, sst1, sst2, mr, subj, mnist\) or --train-file <file>$/],
      [['--dataset', 'trec', '--epsilon', '0.01', '--variant', 'word-mixup'], /--epsilon needs --amp$/],
      [['--dataset', 'trec', '--amp'], /--amp perturbs the mixing coefficient λ: it needs a mixing --variant/],
      [['--dataset', 'trec', '--variant', 'cutmix'], /--variant cutmix mixes raw inputs: it needs images .*got --model cnn$/],
      [['--dataset', 'mnist', '--model', 'lstm'], /--model lstm is a text model; --dataset mnist needs an image model: mlp or small-cnn$/],
      [['--dataset', 'sst2', '--fold', '3'], /--fold applies to mr and subj/],
      [['--dataset', 'trec', '--steps', '2', '--epochs', '1'], /give --steps or --epochs, not both/],
      [['--dataset', 'trec', '--resume'], /--resume needs --out <dir>/],
      [['--dataset', 'trec', '--model', 'lstm', '--num-filters', '3'], /--num-filters applies to --model cnn; got --model lstm$/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(['train', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.errors, args.join(' ')).toHaveLength(1);
      expect(r.errors[0]).toMatch(re);
    }
  });
  it('--debug adds the stack trace', async () => {
    const r = await runCli(['train', '--train-file', '/nonexistent/x.train', '--debug']);
    expect(r.code).toBe(1);
    expect(r.errors[0]).toBe('ampmix train: --train-file /nonexistent/x.train: no such file');
    expect(r.errors.slice(1).join('\n')).toMatch(/at .*input-files\.ts/);
  });
});
