import type { DataKind, DatasetDescriptor, ModelDescriptor, OptionDescriptor, OptionValue, VariantDescriptor } from '@ampmix/core';
import { cutMixDescriptor } from '@ampmix/cutmix';
import { inputMixupDescriptor } from '@ampmix/input-mixup';
import { manifoldMixupDescriptor } from '@ampmix/manifold-mixup';
import { senMixupDescriptor, wordMixupDescriptor } from '@ampmix/sentence-mixup';
import { biLstmDescriptor, kimCnnDescriptor, TEXT_DATASET_DESCRIPTORS } from '@ampmix/text';
import { imageMlpDescriptor, mnistDescriptor, smallCnnDescriptor } from '@ampmix/vision';
import type { FlagKind, FlagSpec } from './flags.js';
import { OptionError } from '@ampmix/core';
import { closest } from './suggest.js';

// The one place the CLI learns its choices: adding a variant, model or dataset is one line here.

/** The mixing variants of `--variant` (besides `none`), from their packages' descriptors. */
export const VARIANTS: readonly VariantDescriptor[] = [wordMixupDescriptor, senMixupDescriptor, inputMixupDescriptor, manifoldMixupDescriptor, cutMixDescriptor];
/** The models of `--model`; the first that reads a kind of data is its default. */
export const MODELS: readonly ModelDescriptor[] = [kimCnnDescriptor, biLstmDescriptor, imageMlpDescriptor, smallCnnDescriptor];
/** The shipped datasets of `--dataset`. */
export const DATASETS: readonly DatasetDescriptor[] = [...TEXT_DATASET_DESCRIPTORS, mnistDescriptor];

/** `--variant` without mixing. */
export const NO_VARIANT = 'none';
/** Every `--variant` value. */
export const VARIANT_CHOICES: readonly string[] = [NO_VARIANT, ...VARIANTS.map((v) => v.name)];
/** Every `--model` value. */
export const MODEL_CHOICES: readonly string[] = MODELS.map((m) => m.name);
/** Every `--dataset` value. */
export const DATASET_CHOICES: readonly string[] = DATASETS.map((d) => d.name);

/** Per-example losses. */
export const LOSS_CHOICES = ['softmax-ce', 'softmax-bce'] as const;
/** Backends of `--backend`. */
export const BACKEND_FLAG_CHOICES = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
/** Progress displays of `--progress`. */
export const PROGRESS_CHOICES = ['auto', 'bar', 'lines', 'none'] as const;
/** Byte decodings of `--encoding` (files given with --train-file/--dev-file/--test-file). */
export const ENCODING_CHOICES = ['utf-8', 'windows-1252'] as const;

function find<T extends { name: string }>(list: readonly T[], name: string, flag: string): T {
  const hit = list.find((d) => d.name === name);
  if (!hit) {
    const guess = closest(name, list.map((d) => d.name));
    throw new OptionError(flag, name, `one of ${list.map((d) => d.name).join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  return hit;
}

/** The variant named `name` (not `none`); an OptionError naming `--variant` otherwise. */
export const variantNamed = (name: string, flag = '--variant'): VariantDescriptor => find(VARIANTS, name, flag);
/** The model named `name`. */
export const modelNamed = (name: string, flag = '--model'): ModelDescriptor => find(MODELS, name, flag);
/** The dataset named `name`. */
export const datasetNamed = (name: string, flag = '--dataset'): DatasetDescriptor => find(DATASETS, name, flag);

/** The models that read `kind` of data. */
export const modelsReading = (kind: DataKind): ModelDescriptor[] => MODELS.filter((m) => m.reads === kind);

/** The default model of a kind of data: the first in {@link MODELS} that reads it. */
export function defaultModelFor(kind: DataKind): string {
  return modelsReading(kind)[0].name;
}

/** The flag of a descriptor option: `numFilters` → `num-filters`. */
export function optionFlag(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const KINDS: Record<OptionDescriptor['type'], FlagKind> = { number: 'number', integer: 'integer', boolean: 'boolean', choice: 'choice', 'integer-list': 'integer-list' };

function showValue(v: OptionValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** A descriptor option that a flag sets, and the descriptors that take it. */
export interface OptionFlag {
  readonly flag: string;
  readonly option: string;
  /** Names of the descriptors that have the option. */
  readonly owners: readonly string[];
}

/** The flags of the options of `descriptors`, one per option name (shared names share a flag). */
export function optionFlags(descriptors: readonly { name: string; options: readonly OptionDescriptor[] }[]): OptionFlag[] {
  const byOption = new Map<string, string[]>();
  for (const d of descriptors) for (const o of d.options) byOption.set(o.name, [...(byOption.get(o.name) ?? []), d.name]);
  return [...byOption].map(([option, owners]) => ({ flag: optionFlag(option), option, owners }));
}

/**
 * The flag specs of the options of `descriptors` (for help and parsing): range and choices from the first
 * descriptor with the option, the owners in the help unless every descriptor has it, the defaults per owner.
 */
export function optionFlagSpecs(descriptors: readonly { name: string; options: readonly OptionDescriptor[] }[]): FlagSpec[] {
  return optionFlags(descriptors).map(({ flag, option, owners }) => {
    const all = descriptors.filter((d) => owners.includes(d.name)).map((d) => d.options.find((o) => o.name === option)!);
    const o = all[0];
    const defaults = new Map<string, string[]>();
    all.forEach((x, i) => {
      if (x.default === undefined) return;
      const v = showValue(x.default);
      defaults.set(v, [...(defaults.get(v) ?? []), owners[i]]);
    });
    const defaultText =
      defaults.size === 0 ? undefined : defaults.size === 1 ? [...defaults.keys()][0] : [...defaults].map(([v, who]) => `${v} for ${who.join(', ')}`).join('; ');
    const spec: FlagSpec = {
      name: flag,
      kind: KINDS[o.type],
      help: owners.length === descriptors.length ? o.help : `${o.help} (${owners.join(', ')})`,
      valueName: o.type === 'integer-list' ? '<n,n,…>' : o.type === 'integer' ? '<n>' : '<x>',
      ...(o.min !== undefined ? { min: o.min } : {}),
      ...(o.max !== undefined ? { max: o.max } : {}),
      ...(o.exclusiveMin ? { exclusiveMin: true } : {}),
      ...(o.exclusiveMax ? { exclusiveMax: true } : {}),
      ...(o.choices ? { choices: o.choices } : {}),
      ...(defaultText !== undefined ? { defaultText } : {}),
    };
    return spec;
  });
}

/** The default of `option` of a descriptor, or `undefined`. */
export function optionDefault(descriptor: { options: readonly OptionDescriptor[] }, option: string): OptionValue | undefined {
  return descriptor.options.find((o) => o.name === option)?.default;
}
