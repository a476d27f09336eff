import { OptionError, ShapeError } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import {
  boxArea,
  boxAround,
  boxAtLambda,
  boxCentre,
  boxSides,
  clipBox,
  imageSizeOf,
  lambdaOfBox,
  roundHalfEven,
  sidesAtLambda,
} from '../src/index.js';

describe('box geometry (hand-computed)', () => {
  it('cuts integer sides ⌊√(1 − λ)·(H, W)⌋', () => {
    expect(boxSides(0.75, [8, 8])).toEqual([4, 4]); // √0.25 = 0.5
    expect(boxSides(0.19, [10, 20])).toEqual([9, 18]); // √0.81 = 0.9: exact products are not floored down
    expect(boxSides(0.5, [32, 28])).toEqual([22, 19]); // 0.7071·32 = 22.63, 0.7071·28 = 19.80
    expect(boxSides(0, [5, 7])).toEqual([5, 7]);
    expect(boxSides(1, [5, 7])).toEqual([0, 0]);
    expect(() => boxSides(1.5, [5, 7])).toThrow(OptionError);
  });

  it('centres a box on a pixel (odd side) or its corner (even side)', () => {
    expect(boxCentre([3, 3], [3, 3])).toEqual([3.5, 3.5]); // box rows 2..4
    expect(boxCentre([3, 3], [4, 2])).toEqual([3, 3]); // rows 1..4, columns 2..3
    expect(boxAround([3.5, 3.5], [3, 3])).toEqual([2, 2, 5, 5]);
    expect(boxAround([3, 3], [4, 2])).toEqual([1, 2, 5, 4]);
    expect(boxAround([3, 3], [3, 3])).toEqual([1, 1, 4, 4]); // half-integer edge floors: ⌊3 − 1.5⌋ = 1
  });

  it('clips at the border and in the corners, and λ comes from the clipped area', () => {
    const size = [8, 8] as const;
    // interior: 4×4 about pixel (4, 4) → rows 2..5 → 16 px
    const interior = clipBox(boxAround(boxCentre([4, 4], [4, 4]), [4, 4]), size);
    expect(interior).toEqual([2, 2, 6, 6]);
    expect(lambdaOfBox(interior, size)).toBeCloseTo(1 - 16 / 64, 12);
    // top-left corner: pixel (0, 0), 4×4 → [-2, -2, 2, 2] → [0, 0, 2, 2], 4 px
    const corner = clipBox(boxAround(boxCentre([0, 0], [4, 4]), [4, 4]), size);
    expect(corner).toEqual([0, 0, 2, 2]);
    expect(boxArea(corner)).toBe(4);
    expect(lambdaOfBox(corner, size)).toBeCloseTo(1 - 4 / 64, 12);
    // bottom-right corner: pixel (7, 7), 5×5 → [5, 5, 10, 10] → [5, 5, 8, 8], 9 px
    const far = clipBox(boxAround(boxCentre([7, 7], [5, 5]), [5, 5]), size);
    expect(far).toEqual([5, 5, 8, 8]);
    expect(lambdaOfBox(far, size)).toBeCloseTo(1 - 9 / 64, 12);
    // right border only: pixel (3, 7), 3×6 → rows 2..4, columns 4..9 → [2, 4, 5, 8], 12 px
    const border = clipBox(boxAround(boxCentre([3, 7], [3, 6]), [3, 6]), size);
    expect(border).toEqual([2, 4, 5, 8]);
    expect(lambdaOfBox(border, size)).toBeCloseTo(1 - 12 / 64, 12);
    // the whole image when the sides are the image's, wherever the centre pixel is
    expect(clipBox(boxAround(boxCentre([0, 7], [8, 8]), [8, 8]), size)).toEqual([0, 3, 4, 8]);
    expect(lambdaOfBox([0, 0, 8, 8], size)).toBe(0);
    // lambdaOfBox clips itself; an empty box keeps everything
    expect(lambdaOfBox([-2, -2, 2, 2], size)).toBeCloseTo(1 - 4 / 64, 12);
    expect(lambdaOfBox([3, 3, 3, 5], size)).toBe(1);
    expect(boxArea([5, 5, 2, 2])).toBe(0);
  });

  it('rounds half to even like tf.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4, 2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, -0, 2, 3, 3]);
  });

  it('rescales the planned sides by √((1 − λ)/(1 − λ_plan)) for λ′', () => {
    // plan λ = 0.75 (4×4 of 8×8): λ = λ_plan keeps the sides, λ = 1 empties the box
    expect(sidesAtLambda([4, 4], 0.75, 0.75)).toEqual([4, 4]);
    expect(sidesAtLambda([4, 4], 0.75, 1)).toEqual([0, 0]);
    expect(sidesAtLambda([4, 4], 0.75, 1.2)).toEqual([0, 0]); // unclipped λ′ > 1
    // λ′ = 0: k = √(1/0.25) = 2 → 8×8
    expect(sidesAtLambda([4, 4], 0.75, 0)).toEqual([8, 8]);
    // λ′ = 0.64: k = √(0.36/0.25) = 1.2 → 4.8 → 5
    expect(sidesAtLambda([4, 4], 0.75, 0.64)).toEqual([5, 5]);
    // a small move stays on the planned pixels: k = √(0.24/0.25) = 0.9798 → 3.92 → 4
    expect(sidesAtLambda([4, 4], 0.75, 0.76)).toEqual([4, 4]);
    // an empty planned box (λ_plan = 1) stays empty
    expect(sidesAtLambda([0, 3], 1, 0.5)[0]).toBe(0);
  });

  it('places the box at λ′ about the planned centre and clips it', () => {
    // centre (4, 4), planned 4×4, λ_plan 0.75; λ′ = 0.64 → 5×5 → rows ⌊4 − 2.5⌋ = 1 .. 5
    expect(boxAtLambda([4, 4], [4, 4], 0.75, 0.64, [8, 8])).toEqual([1, 1, 6, 6]);
    // corner centre (0, 0), planned 4×4 (clipped to 2×2, λ_plan = 1 − 4/64); λ′ = λ_plan → the planned box
    expect(boxAtLambda([0, 0], [4, 4], 1 - 4 / 64, 1 - 4 / 64, [8, 8])).toEqual([0, 0, 2, 2]);
  });

  it('reads [H, W] from an [H, W, C] inputShape and names a bad one', () => {
    expect(imageSizeOf([28, 32, 1])).toEqual([28, 32]);
    expect(() => imageSizeOf(undefined)).toThrow(OptionError);
    expect(() => imageSizeOf(undefined)).toThrow(/inputShape: got undefined/);
    expect(() => imageSizeOf([784])).toThrow(ShapeError);
    expect(() => imageSizeOf([784])).toThrow(/got \[784\]/);
    expect(() => imageSizeOf([28, 28])).toThrow(/rank 3/);
    expect(() => imageSizeOf([28, 0, 1])).toThrow(/got \[28, 0, 1\]/);
  });
});
