// Inverted dropout between stacked recurrent layers, as PyTorch applies it:
// in training each element is kept with probability 1 − p and scaled by
// 1 / (1 − p), so evaluation needs no change.
import type { Tensor } from "../core/backend.ts";
import type { UniformSource } from "./linear.ts";

// mask_i = (u_i ≥ p) / (1 − p);  out = input ⊙ mask
export function dropoutForward(
  out: Tensor,
  mask: Tensor,
  input: Tensor,
  p: number,
  random: UniformSource,
): void {
  const m = mask.data, x = input.data, y = out.data;
  const keep = 1 / (1 - p);
  for (let i = 0; i < x.length; i++) {
    m[i] = random.randomSample() >= p ? keep : 0;
    y[i] = x[i] * m[i];
  }
}

// dInput = dOut ⊙ mask
export function dropoutBackward(dInput: Tensor, dOut: Tensor, mask: Tensor): void {
  const d = dInput.data, g = dOut.data, m = mask.data;
  for (let i = 0; i < d.length; i++) d[i] = g[i] * m[i];
}

/** Checks a dropout probability: 0 ≤ p < 1. */
export function checkDropout(module: string, p: number): number {
  if (!(p >= 0 && p < 1)) throw new RangeError(`${module} dropout must be in [0, 1), got ${p}`);
  return p;
}
