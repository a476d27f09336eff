import { describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import { cliMessage } from '../src/advice.js';
import { TrainingError } from '@ampmix/trainer';

describe('cliMessage', () => {
  it('says --lenient where the data loaders say lenient: true', () => {
    const e = new Error('data.train:2: no label: expected an integer label first (pass lenient: true to skip such lines)');
    expect(cliMessage(e)).toBe('data.train:2: no label: expected an integer label first (pass --lenient to skip such lines)');
  });
  it('gives a stopped run advice in CLI flags, with --resume when the last good state was saved', () => {
    const head = '10 non-finite steps in a row (steps 2–11: the loss or the gradients were NaN or infinite); stopped. The last good state is step 1';
    const saved = new TrainingError(`${head}, saved in runs/x/checkpoint/step-000000001. Lower the learning rate, check the inputs, or raise the non-finite step limit.`, 1, 'runs/x/checkpoint/step-000000001');
    expect(cliMessage(saved)).toBe(
      `${head}, saved in runs/x/checkpoint/step-000000001. Lower --lr, check the inputs, or raise --max-non-finite; the run folder is kept: continue from the last good state with --resume (a lower --lr may be given then).`,
    );
    const unsaved = new TrainingError(`${head}. Lower learningRate, check the inputs, or raise maxNonFiniteSteps.`, 1, null);
    expect(cliMessage(unsaved)).toBe(`${head}. Lower --lr, check the inputs, or raise --max-non-finite.`);
  });
  it('keeps other messages, on one line', () => {
    expect(cliMessage(new OptionError('--lr', 'x', 'a number > 0'))).toBe('Invalid --lr: got "x"; expected a number > 0.');
    expect(cliMessage('two\n  lines')).toBe('two lines');
  });
});
