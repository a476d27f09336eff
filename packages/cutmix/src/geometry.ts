import { OptionError, ShapeError, numberInRange } from '@ampmix/core';

/**
 * A box as half-open pixel ranges `[y1, x1, y2, x2]`: rows `y1 … y2 − 1`, columns `x1 … x2 − 1`.
 * Pixel (row j, column i) spans [j, j + 1) × [i, i + 1), so its centre is (j + 0.5, i + 0.5).
 */
export type Box = [y1: number, x1: number, y2: number, x2: number];

/** Image height and width in pixels. */
export type ImageSize = readonly [height: number, width: number];

/** Slack added before flooring √(1 − λ)·side, so that an exact product such as 0.9·10 is not floored to 8. */
const FLOOR_SLACK = 1e-9;

/** Smallest denominator 1 − λ_plan used when rescaling a box (λ_plan = 1 means an empty planned box). */
export const MIN_CUT_FRACTION = 1e-12;

/**
 * Image size [H, W] from a per-example input shape [H, W, C] (NHWC without the batch). Throws an
 * `OptionError` when the shape is missing and a `ShapeError` naming it when it is not [H, W, C] of
 * positive integers.
 */
export function imageSizeOf(inputShape: readonly number[] | undefined): [number, number] {
  if (inputShape === undefined || inputShape === null) {
    throw new OptionError('inputShape', inputShape, 'the per-example image shape [height, width, channels] (CutMix needs the image geometry)');
  }
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    const shown = Array.isArray(inputShape) ? `[${inputShape.join(', ')}]` : String(inputShape);
    throw new ShapeError(`CutMix needs inputShape [height, width, channels] of positive integers (rank 3); got ${shown}`);
  }
  return [inputShape[0], inputShape[1]];
}

/** How a CutMix box is cut from λ: `exact` (side ⌊√(1 − λ)·H⌋) or `reference` (Yun et al.'s code, see {@link referenceBoxSides}). */
export type BoxRule = 'exact' | 'reference';

/**
 * Integer box sides `[h, w] = ⌊√(1 − λ)·H⌋, ⌊√(1 − λ)·W⌋` (Yun et al., ICCV 2019, Algorithm A1's side, taken
 * exactly: the `exact` rule). The reference code cuts one pixel less whenever that is odd: see
 * {@link referenceBoxSides}. λ must be in [0, 1].
 */
export function boxSides(lambda: number, [height, width]: ImageSize): [number, number] {
  numberInRange('lambda', lambda, 0, 1);
  const r = Math.sqrt(1 - lambda);
  return [Math.floor(r * height + FLOOR_SLACK), Math.floor(r * width + FLOOR_SLACK)];
}

/**
 * Box sides of Yun et al.'s public code (which timm and most ports copy): `cut = int(H·√(1 − λ))`, box
 * `[c − ⌊cut/2⌋, c + ⌊cut/2⌋)` about the centre pixel c, so the side is `2·⌊cut/2⌋` — even, and one pixel less
 * than {@link boxSides} whenever `cut` is odd (the `reference` rule). λ must be in [0, 1].
 */
export function referenceBoxSides(lambda: number, [height, width]: ImageSize): [number, number] {
  numberInRange('lambda', lambda, 0, 1);
  const r = Math.sqrt(1 - lambda);
  return [2 * Math.floor(Math.trunc(height * r) / 2), 2 * Math.floor(Math.trunc(width * r) / 2)];
}

/**
 * Continuous centre of the box of `sides` cut around the pixel `[py, px]`: the box starts at
 * `py − ⌊h/2⌋` (resp. `px − ⌊w/2⌋`), so its centre is the pixel's centre for odd sides and the
 * pixel's top-left corner for even sides. Centres are integers or half-integers.
 */
export function boxCentre([py, px]: readonly [number, number], [h, w]: readonly [number, number]): [number, number] {
  return [py - Math.floor(h / 2) + h / 2, px - Math.floor(w / 2) + w / 2];
}

/**
 * The unclipped integer box of `sides` about a continuous `centre`: `y1 = ⌊cy − h/2⌋`, `y2 = y1 + h`
 * (and likewise for x). With a centre from {@link boxCentre} and the same sides it is exact.
 */
export function boxAround([cy, cx]: readonly [number, number], [h, w]: readonly [number, number]): Box {
  const y1 = Math.floor(cy - h / 2);
  const x1 = Math.floor(cx - w / 2);
  return [y1, x1, y1 + h, x1 + w];
}

/** `box` clipped to the image [0, H] × [0, W]. */
export function clipBox([y1, x1, y2, x2]: readonly number[], [height, width]: ImageSize): Box {
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  return [clamp(y1, height), clamp(x1, width), clamp(y2, height), clamp(x2, width)];
}

/** Number of pixels in a (clipped) box; 0 when it is empty. */
export function boxArea([y1, x1, y2, x2]: readonly number[]): number {
  return Math.max(0, y2 - y1) * Math.max(0, x2 - x1);
}

/** The share of the image an example keeps when `box` (clipped to the image) is pasted over it: λ = 1 − area/(H·W). */
export function lambdaOfBox(box: readonly number[], size: ImageSize): number {
  return 1 - boxArea(clipBox(box, size)) / (size[0] * size[1]);
}

/** Round half to even, as `tf.round` does, so the plain and tensor versions agree on ties. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Sides of the hard box at λ for a plan that cut `sides` and has area-based λ_plan: each side is
 * scaled by k = √((1 − λ)/(1 − λ_plan)) and rounded to whole pixels. At λ = λ_plan it returns `sides`
 * exactly; at λ = 1 it returns [0, 0]; for an unclipped box of the image's aspect ratio the side is
 * √(1 − λ)·(H, W) rounded. This is the λ → box map of CutMix's AMP passes (see the README).
 */
export function sidesAtLambda(sides: readonly [number, number], planLambda: number, lambda: number): [number, number] {
  const k = Math.sqrt(Math.max(1 - lambda, 0) / Math.max(1 - planLambda, MIN_CUT_FRACTION));
  return [roundHalfEven(sides[0] * k), roundHalfEven(sides[1] * k)];
}

/** The clipped hard box at λ with the planned `centre` and `sides` (see {@link sidesAtLambda}). */
export function boxAtLambda(
  centre: readonly [number, number],
  sides: readonly [number, number],
  planLambda: number,
  lambda: number,
  size: ImageSize,
): Box {
  return clipBox(boxAround(centre, sidesAtLambda(sides, planLambda, lambda)), size);
}

/**
 * The smallest |λ − λ_plan| that changes the hard box of {@link sidesAtLambda}: the larger planned side s moves
 * by one whole pixel once s·k crosses s ± ½, first on the shrinking side: Δλ = (1 − λ_plan)·(1/s − 1/(4s²)).
 * `Infinity` for an empty planned box (no λ ≤ 1 grows it). A box clipped by the border may need more.
 */
export function lambdaResolutionOf(sides: readonly [number, number], planLambda: number): number {
  const s = Math.max(sides[0], sides[1]);
  return s === 0 ? Infinity : (1 - planLambda) * (1 / s - 1 / (4 * s * s));
}
