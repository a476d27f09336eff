import type { MixableModel } from '../model.js';
import type { Mixer } from '../mixer.js';
import { linearMixer } from '../mixer.js';
import type { LossName } from '../losses.js';
import { resolveLossName } from '../losses.js';
import { validatePlan } from '../plan.js';
import { checkLabels } from '../labels.js';
import { OptionError } from '../errors.js';
import { booleanOption, integerAtLeast, noUnknownKeys } from '../validate.js';
import type { ResolvedAmpOptions } from './options.js';
import { resolveAmpSetting } from './setting.js';
import type { MixStepArgs } from './step.js';
import { rowSparseWeights } from '../row-sparse.js';

const KNOWN = ['model', 'inputs', 'labels', 'plan', 'mixer', 'loss', 'amp', 'ampState', 'training', 'seed', 'rng', 'details', 'sparseGradients'] as const;

/** {@link MixStepArgs} checked, with defaults filled in. */
export interface CheckedMixStepArgs {
  readonly batch: number;
  readonly lossName: LossName;
  readonly mixer: Mixer;
  readonly amp: ResolvedAmpOptions | null;
  readonly training: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFn = (v: unknown): boolean => typeof v === 'function';

/**
 * Validates every argument of `mixStep` before a tensor is made: unknown keys, the model, the labels (class
 * indices in range, soft-target rows summing to 1), the plan, the mixer, the loss name, the AMP options (raw ones
 * go through `resolveAmpOptions`), the flags, the seed, the generator and the AMP state.
 */
export async function checkMixStepArgs<I>(args: MixStepArgs<I>): Promise<CheckedMixStepArgs> {
  noUnknownKeys('mixStep', args, KNOWN);
  const model = args.model as MixableModel<I> | undefined;
  if (!isObject(model) || !isFn(model.forward) || !isFn(model.batchSize) || !Array.isArray(model.sites) || !isObject(model.weights)) {
    throw new OptionError('model', model, 'a MixableModel { sites, numClasses, weights, forward, batchSize }');
  }
  const numClasses = integerAtLeast('model.numClasses', model.numClasses, 1);
  const lossName = resolveLossName(args.loss);
  const amp = resolveAmpSetting(args.amp);
  const mixer = args.mixer ?? linearMixer;
  if (!isObject(mixer) || !isFn(mixer.mix)) throw new OptionError('mixer', mixer, 'a Mixer { name, mix(h, context) }, or undefined (linear interpolation)');
  const training = booleanOption('training', args.training ?? true);
  if (args.details !== undefined) booleanOption('details', args.details);
  if (args.seed !== undefined) integerAtLeast('seed', args.seed, 0, 0xffffffff);
  if (args.rng !== undefined && !(isObject(args.rng) && isFn(args.rng.next) && isFn(args.rng.nextSeed))) {
    throw new OptionError('rng', args.rng, 'an Rng (or undefined)');
  }
  if (args.ampState !== undefined && !(isObject(args.ampState) && isObject(args.ampState.reweight) && Array.isArray(args.ampState.reweight.batches))) {
    throw new OptionError('ampState', args.ampState, 'an AmpState from createAmpState() (or undefined)');
  }
  const plan = args.plan;
  if (plan !== undefined && plan !== null && !isObject(plan)) throw new OptionError('plan', plan, 'a MixPlan { lambda, partners, site }, or null (no mixing)');

  if (args.sparseGradients !== undefined) checkSparseGradients(model, args.sparseGradients);
  const batch = integerAtLeast('batch size', model.batchSize(args.inputs), 1);
  await checkLabels(args.labels, batch, numClasses);
  if (plan) validatePlan(plan, batch, model.sites);
  if (amp?.reweightWindow && !args.ampState) throw new OptionError('ampState', args.ampState, 'an AmpState when reweight is on');
  if (amp?.direction === 'random' && !args.rng) throw new OptionError('rng', args.rng, 'an Rng when amp.direction is "random"');
  return { batch, lossName, mixer, amp, training };
}

/** `sparseGradients`: distinct names from {@link rowSparseWeights} (trainable [rows, D] weights listed in `rowLookups`). */
function checkSparseGradients<I>(model: MixableModel<I>, names: unknown): void {
  const allowed = rowSparseWeights(model);
  const valid = `an array of distinct names of trainable [rows, D] weights the model lists in rowLookups (${allowed.length ? allowed.join(', ') : 'this model lists none'})`;
  if (!Array.isArray(names)) throw new OptionError('sparseGradients', names, valid);
  names.forEach((name, i) => {
    if (!allowed.includes(name) || names.indexOf(name) !== i) throw new OptionError('sparseGradients', name, valid);
  });
}
