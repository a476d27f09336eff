import type { CutMixExtras } from './extras.js';
import type { Rng } from '@ampmix/core';
import { integerAtLeast } from '@ampmix/core';
import type { Box, BoxRule, ImageSize } from './geometry.js';
import { boxAround, boxCentre, boxSides, clipBox, lambdaOfBox, referenceBoxSides } from './geometry.js';

/** Boxes of one CutMix batch, as plain data (what a CutMix plan carries in `extras`, plus λ). */
export interface SampledBoxes extends CutMixExtras {
  /** λ_i = 1 − area(box_i)/(H·W): the share of example i that is kept, recomputed from the clipped area. */
  lambda: Float32Array;
}

/**
 * Cuts one box per example as CutMix does (Yun et al., ICCV 2019): sides ⌊√(1 − λ_i)·(H, W)⌋ (`box: 'exact'`)
 * or the reference code's 2·⌊int(√(1 − λ_i)·H)/2⌋ (`'reference'`), starting ⌊side/2⌋ before a centre pixel
 * uniform over the image (row, then column, drawn from `rng`), clipped to the image; λ_i is then recomputed
 * from the clipped area.
 *
 * @param lambdas the drawn λ_i ∈ [0, 1], e.g. Beta(α, α) samples.
 * @param box the side rule; default `exact`.
 */
export function sampleBoxes(rng: Rng, lambdas: ArrayLike<number>, imageSize: ImageSize, box: BoxRule = 'exact'): SampledBoxes {
  const [height, width] = [integerAtLeast('image height', imageSize[0], 1), integerAtLeast('image width', imageSize[1], 1)];
  const size: [number, number] = [height, width];
  const n = lambdas.length;
  const out: SampledBoxes = { imageSize: size, centres: [], sizes: [], boxes: [], lambda: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const sides = box === 'reference' ? referenceBoxSides(lambdas[i], size) : boxSides(lambdas[i], size);
    const pixel: [number, number] = [rng.int(height), rng.int(width)];
    const centre = boxCentre(pixel, sides);
    const clipped = clipBox(boxAround(centre, sides), size);
    out.centres.push(centre);
    out.sizes.push(sides);
    out.boxes.push(clipped);
    out.lambda[i] = lambdaOfBox(clipped, size);
  }
  return out;
}
