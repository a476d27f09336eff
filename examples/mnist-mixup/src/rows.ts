import type { AmpOptions, MixMethod } from '@ampmix/core';
import { cutMix } from '@ampmix/cutmix';
import { inputMixup } from '@ampmix/input-mixup';
import { manifoldMixup } from '@ampmix/manifold-mixup';

/** One row of the comparison: a mixing method (or none), with or without AMP. */
export interface RowSpec {
  /** Configuration id in the grid (and in run keys). */
  id: string;
  name: string;
  method: (alpha: number) => MixMethod | null;
  amp: boolean;
}

/** The seven rows, in table order. */
export const ROWS: readonly RowSpec[] = [
  { id: 'none', name: 'no mixing', method: () => null, amp: false },
  { id: 'input-mixup', name: 'Input Mixup', method: (alpha) => inputMixup({ alpha }), amp: false },
  { id: 'input-mixup+amp', name: 'Input Mixup + AMP', method: (alpha) => inputMixup({ alpha }), amp: true },
  { id: 'manifold-mixup', name: 'Manifold Mixup', method: (alpha) => manifoldMixup({ alpha }), amp: false },
  { id: 'manifold-mixup+amp', name: 'Manifold Mixup + AMP', method: (alpha) => manifoldMixup({ alpha }), amp: true },
  { id: 'cutmix', name: 'CutMix', method: (alpha) => cutMix({ alpha }), amp: false },
  { id: 'cutmix+amp', name: 'CutMix + AMP', method: (alpha) => cutMix({ alpha }), amp: true },
];

/** The trainer's `amp` option for a row. */
export function ampFor(row: RowSpec, epsilon: number): AmpOptions | false {
  return row.amp ? { epsilon } : false;
}
