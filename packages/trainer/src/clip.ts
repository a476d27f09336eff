/**
 * Global gradient-norm clipping factor: min(1, clipNorm / gradNorm); 1 when clipping is off
 * (`clipNorm` = 0) or the norm is 0. Multiply every gradient by it before the optimizer step.
 */
export function clipScale(gradNorm: number, clipNorm: number): number {
  if (clipNorm <= 0 || !(gradNorm > clipNorm)) return 1;
  return clipNorm / gradNorm;
}
