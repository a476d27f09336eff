import type { MixPlan, MixPolicy, PlanContext, Rng } from '@ampmix/core';
import { integerAtLeast, sampleBeta } from '@ampmix/core';
import type { Box, CutMixExtras } from '@ampmix/cutmix';
import { boxAround, boxArea, clipBox, imageSizeOf, sampleBoxes } from '@ampmix/cutmix';
import type { ResolvedMixTransformOptions } from './options.js';

/** What a transform plan carries in `extras`: the CutMix boxes (empty for Mixup examples) and which examples are cut. */
export interface MixTransformExtras extends CutMixExtras {
  /** 1 where the example is cut-and-pasted (CutMix), 0 where it is interpolated (Mixup) or left alone. */
  useCutmix: number[];
}

/** One draw of the transform: for a batch, a pair or an example. */
interface Draw {
  lambda: number;
  cut: boolean;
  /** For `cut`: centre, planned sides and clipped box. */
  centre: [number, number];
  sides: [number, number];
  box: Box;
}

const NO_BOX = { centre: [0, 0] as [number, number], sides: [0, 0] as [number, number], box: [0, 0, 0, 0] as Box };

/** Partner indices: `flip` π(i) = B−1−i (timm), `roll` π(i) = i−1 mod B (torchvision). */
export function partnersOf(kind: 'flip' | 'roll', batch: number): Int32Array {
  return Int32Array.from({ length: batch }, (_, i) => (kind === 'flip' ? batch - 1 - i : (i - 1 + batch) % batch));
}

/**
 * One draw, from `rng` in this order: apply? (u < prob), CutMix? (u < switchProb, when both are on), λ ~ Beta,
 * then the box: with `cutmixMinMax`, sides uniform in ⌊[min·H, max·H)⌋ (and W) and a position fully inside the image
 * (timm's `rand_bbox_minmax`); otherwise sides ⌊√(1 − λ)·(H, W)⌋ about a uniform centre pixel, clipped (Yun et al.,
 * ICCV 2019; `@ampmix/cutmix`'s `sampleBoxes`). A CutMix λ is recomputed from the pasted area when `correctLam`
 * (always with `cutmixMinMax`).
 */
function draw(o: ResolvedMixTransformOptions, rng: Rng, size: [number, number] | null): Draw {
  if (!(rng.next() < o.prob)) return { lambda: 1, cut: false, ...NO_BOX };
  const cut = o.mixup && o.cutmix ? rng.next() < o.switchProb : o.cutmix;
  if (!cut) return { lambda: sampleBeta(rng, o.mixupAlpha, o.mixupAlpha), cut: false, ...NO_BOX };
  const [H, W] = size!;
  if (o.cutmixMinMax) {
    const [lo, hi] = o.cutmixMinMax;
    const side = (n: number) => {
      const a = Math.floor(n * lo);
      const b = Math.max(a + 1, Math.floor(n * hi));
      return a + rng.int(b - a);
    };
    const sides: [number, number] = [side(H), side(W)];
    const y1 = rng.int(H - sides[0] + 1);
    const x1 = rng.int(W - sides[1] + 1);
    const centre: [number, number] = [y1 + sides[0] / 2, x1 + sides[1] / 2];
    const box = clipBox(boxAround(centre, sides), size!);
    return { lambda: 1 - boxArea(box) / (H * W), cut: true, centre, sides, box };
  }
  const drawn = sampleBeta(rng, o.cutmixAlpha, o.cutmixAlpha);
  const s = sampleBoxes(rng, [drawn], size!);
  return { lambda: o.correctLam ? s.lambda[0] : drawn, cut: true, centre: s.centres[0], sides: s.sizes[0], box: s.boxes[0] };
}

/**
 * The transform's policy: per batch (`batch` mode), per pair (i, B−1−i) (`pair`) or per example (`elem`), whether to
 * mix, Mixup or CutMix, λ and the box — plain data in a plan at site `input` whose `lambda` is what the targets are
 * mixed with. Partners are fixed (`flip` or `roll`), as timm and torchvision pair examples.
 */
export function mixTransformPolicy(o: ResolvedMixTransformOptions): MixPolicy {
  return {
    name: 'mix-transform',
    plan({ batchSize, rng, inputShape }: PlanContext): MixPlan {
      const B = integerAtLeast('batchSize', batchSize, 1);
      const size = o.cutmix ? imageSizeOf(inputShape) : null;
      const draws: Draw[] = new Array(B);
      if (o.mode === 'batch') {
        const d = draw(o, rng, size);
        draws.fill(d);
      } else if (o.mode === 'pair') {
        for (let i = 0; i < Math.floor(B / 2); i++) draws[i] = draws[B - 1 - i] = draw(o, rng, size);
        if (B % 2 === 1) draws[(B - 1) / 2] = { lambda: 1, cut: false, ...NO_BOX };
      } else {
        for (let i = 0; i < B; i++) draws[i] = draw(o, rng, size);
      }
      const plan: MixPlan = {
        lambda: Float32Array.from(draws, (d) => d.lambda),
        partners: partnersOf(o.partner, B),
        site: 'input',
      };
      if (!size) return plan;
      const extras: MixTransformExtras = {
        imageSize: size,
        centres: draws.map((d) => [...d.centre] as [number, number]),
        sizes: draws.map((d) => [...d.sides] as [number, number]),
        boxes: draws.map((d) => [...d.box] as Box),
        useCutmix: draws.map((d) => (d.cut ? 1 : 0)),
      };
      return { ...plan, extras: extras as unknown as Record<string, unknown> };
    },
  };
}
