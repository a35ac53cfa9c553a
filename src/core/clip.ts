// The clipping coefficient both the backends' clipGradNorm and the trainer
// apply, so that clipping inside an update kernel rounds as clipping first.

/**
 * The factor PyTorch's `clip_grad_norm_` multiplies gradients by:
 * maxNorm / (norm + 1e-6) when that is below 1, else 1. A non-finite norm
 * gives 1, so that the gradients stay as they were for the caller to inspect.
 *
 * @example
 * ```ts
 * import { clipCoefficient } from "./clip.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(clipCoefficient(0.1, 0.25), 1);
 * assert.ok(Math.abs(clipCoefficient(1, 0.25) - 0.25) < 1e-6);
 * ```
 */
export function clipCoefficient(norm: number, maxNorm: number): number {
  const coefficient = maxNorm / (norm + 1e-6);
  return Number.isFinite(norm) && coefficient < 1 ? coefficient : 1;
}
