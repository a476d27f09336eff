import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptionError } from '@ampmix/core';
import type { OptionDescriptor } from '@ampmix/core';
import { DATASET_NAMES } from '@ampmix/text';
import { DATASETS, MODELS, optionFlagSpecs, VARIANT_CHOICES, VARIANTS } from '../src/catalog.js';
import { TRAIN_FLAGS } from '../src/train-flags.js';
import { runCli } from './helpers/run-cli.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Values just outside an option's range (the factory must refuse each). */
function outside(o: OptionDescriptor): number[] {
  const v: number[] = [];
  if (o.min !== undefined) v.push(o.exclusiveMin ? o.min : o.type === 'number' ? o.min - 0.5 : o.min - 1);
  if (o.max !== undefined) v.push(o.exclusiveMax ? o.max : o.type === 'number' ? o.max + 0.5 : o.max + 1);
  return v;
}

const TEXT_CONTEXT = { vocabSize: 12, numClasses: 3, maxLength: 6, embeddingDim: 4, seed: 1 };
const IMAGE_CONTEXT = { numClasses: 10, seed: 1 };

describe('the descriptors agree with their factories', () => {
  it('every variant: built with no options and with each default; each range bound refused by the factory', () => {
    for (const v of VARIANTS) {
      expect(v.create({}).policy, v.name).toBeDefined();
      for (const o of v.options) {
        expect(o.default, `${v.name}.${o.name}`).toBeDefined();
        expect(() => v.create({ [o.name]: o.default! }), `${v.name}.${o.name} = default`).not.toThrow();
        for (const bad of o.type === 'integer-list' ? [] : outside(o)) {
          expect(() => v.create({ [o.name]: bad }), `${v.name}.${o.name} = ${bad}`).toThrow(OptionError);
        }
        if (o.type === 'choice') expect(() => v.create({ [o.name]: 'no-such-choice' })).toThrow(OptionError);
      }
    }
  });
  it('every model: built from a context with each default; each range bound refused; no tensor left', () => {
    const before = tf.memory().numTensors;
    for (const m of MODELS) {
      const context = m.reads === 'text' ? TEXT_CONTEXT : IMAGE_CONTEXT;
      m.create(context, {}).dispose();
      m.create(context, Object.fromEntries(m.options.map((o) => [o.name, o.default!]))).dispose();
      for (const o of m.options) {
        const bads = o.type === 'integer-list' ? [[0]] : outside(o);
        for (const bad of bads) expect(() => m.create(context, { [o.name]: bad as never }), `${m.name}.${o.name} = ${bad}`).toThrow(OptionError);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
  it('the datasets: every shipped text benchmark and mnist; mr and subj are 10-fold CV', () => {
    expect(DATASETS.map((d) => d.name)).toEqual([...DATASET_NAMES, 'mnist']);
    expect(DATASETS.filter((d) => d.test === 'cross-validation').map((d) => d.name)).toEqual(['mr', 'subj']);
    expect(DATASETS.find((d) => d.name === 'mnist')!.provides).toBe('image');
  });
});

describe('the CLI flags come from the descriptors', () => {
  it('one flag per option name, with the range, owners and defaults', () => {
    const specs = optionFlagSpecs(VARIANTS);
    expect(specs.map((s) => s.name)).toEqual(['alpha', 'granularity', 'tau']);
    expect(specs[2]).toMatchObject({ name: 'tau', kind: 'number', min: 0, exclusiveMin: true, defaultText: '1' });
    expect(specs[2].help).toMatch(/\(cutmix\)$/);
    expect(specs[1].help).toMatch(/\(word-mixup, sen-mixup, input-mixup, manifold-mixup\)$/);
    const dropout = optionFlagSpecs(MODELS).find((s) => s.name === 'dropout')!;
    expect(dropout.defaultText).toBe('0.5 for cnn, lstm; 0 for mlp, small-cnn');
    expect(TRAIN_FLAGS.find((f) => f.name === 'variant')!.choices).toEqual(VARIANT_CHOICES);
  });
  it('a descriptor option is validated like any flag, and refused for a variant or model without it', async () => {
    const bad = await runCli(['train', '--dataset', 'mnist', '--variant', 'cutmix', '--tau', '0']);
    expect(bad.code).toBe(2);
    expect(bad.errors).toEqual(['ampmix train: Invalid --tau: got "0"; expected a number > 0.']);
    const wrong = await runCli(['train', '--dataset', 'trec', '--variant', 'word-mixup', '--tau', '2']);
    expect(wrong.errors).toEqual(['ampmix train: --tau applies to --variant cutmix; got --variant word-mixup']);
    const none = await runCli(['train', '--dataset', 'trec', '--alpha', '2']);
    expect(none.errors).toEqual(['ampmix train: --alpha needs a mixing --variant; got --variant none']);
    const mlp = await runCli(['train', '--dataset', 'mnist', '--hidden-size', '4']);
    expect(mlp.errors).toEqual(['ampmix train: --hidden-size applies to --model lstm; got --model mlp']);
  });
  it('--help lists every variant, model and dataset with its paper', async () => {
    const help = (await runCli(['train', '--help'])).out;
    for (const d of [...VARIANTS, ...MODELS, ...DATASETS]) expect(help).toContain(`${d.name.padEnd(15)} `);
    expect(help).toContain('arXiv 1905.04899');
    expect(help).toContain('--tau <x>');
  });
});
