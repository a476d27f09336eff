import type { MixPlan } from '@ampmix/core';
import { OptionError, ShapeError } from '@ampmix/core';
import type { Box } from './geometry.js';
import { boxAround, clipBox } from './geometry.js';

/**
 * What a CutMix plan carries in `plan.extras` (plain JSON-able arrays, one entry per example).
 * The mixer reads `imageSize`, `centres` and `sizes`; `boxes` is the box actually pasted by the
 * `plan` pass and must equal the clipped box of `centres` and `sizes`.
 */
export interface CutMixExtras {
  /** [H, W] of the images the boxes were cut for. */
  imageSize: [number, number];
  /** Continuous box centres [cy, cx]. */
  centres: [number, number][];
  /** Planned integer sides [h, w] before clipping. */
  sizes: [number, number][];
  /** Pasted boxes [y1, x1, y2, x2], half-open, clipped to the image. */
  boxes: Box[];
}

function pairList(value: unknown, field: string, batch: number, check: (v: number) => boolean, range: string): [number, number][] {
  if (!Array.isArray(value) || value.length !== batch) {
    throw new OptionError(`plan.extras.${field}`, value, `an array of ${batch} [${range}] pairs (one per example)`);
  }
  value.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && check(v))) {
      throw new OptionError(`plan.extras.${field}[${i}]`, p, `a pair of ${range}`);
    }
  });
  return value as [number, number][];
}

/**
 * Reads and checks the CutMix data of a plan for a batch of `batch` images: an `OptionError` names
 * the missing or malformed field (e.g. a plan made by another policy), the value and what is expected.
 */
export function readCutMixExtras(plan: MixPlan, batch: number): CutMixExtras {
  const extras = plan.extras as Partial<Record<keyof CutMixExtras, unknown>> | undefined;
  if (!extras || typeof extras !== 'object') {
    throw new OptionError('plan.extras', extras, 'CutMix boxes ({ imageSize, centres, sizes, boxes }): use a plan from cutMixPolicy');
  }
  const size = extras.imageSize;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new OptionError('plan.extras.imageSize', size, '[height, width] of positive integers');
  }
  const imageSize: [number, number] = [size[0], size[1]];
  const centres = pairList(extras.centres, 'centres', batch, (v) => Number.isFinite(v) && Number.isInteger(2 * v), 'integers or half-integers');
  const sizes = pairList(extras.sizes, 'sizes', batch, (v) => Number.isInteger(v) && v >= 0, 'integers ≥ 0');
  const boxes = extras.boxes;
  if (!Array.isArray(boxes) || boxes.length !== batch) {
    throw new OptionError('plan.extras.boxes', boxes, `an array of ${batch} boxes [y1, x1, y2, x2]`);
  }
  boxes.forEach((b, i) => {
    const want = clipBox(boxAround(centres[i], sizes[i]), imageSize);
    if (!Array.isArray(b) || b.length !== 4 || b.some((v, k) => v !== want[k])) {
      throw new OptionError(`plan.extras.boxes[${i}]`, b, `the clipped box of centres[${i}] and sizes[${i}], [${want.join(', ')}]`);
    }
  });
  return { imageSize, centres, sizes, boxes: boxes as Box[] };
}

/** Throws a `ShapeError` naming the shape unless `h` is a batch of images [B, H, W, C] matching the plan. */
export function checkImageBatch(h: { rank: number; shape: number[] }, batch: number, imageSize: readonly [number, number]): void {
  if (h.rank !== 4) {
    throw new ShapeError(`CutMix mixes image batches [batch, height, width, channels]; got a tensor of shape [${h.shape.join(', ')}] (rank ${h.rank})`);
  }
  if (h.shape[0] !== batch) {
    throw new ShapeError(`cannot mix a batch of shape [${h.shape.join(', ')}] with a plan for ${batch} examples`);
  }
  if (h.shape[1] !== imageSize[0] || h.shape[2] !== imageSize[1]) {
    throw new ShapeError(`the plan's boxes were cut for ${imageSize[0]}×${imageSize[1]} images; got a batch of shape [${h.shape.join(', ')}]`);
  }
}
