// Inverted dropout between stacked recurrent layers, as PyTorch applies it:
// in training each element is kept with probability 1 − p and scaled by
// 1 / (1 − p), so evaluation needs no change.
import type { Tensor } from "../core/backend.ts";
import type { UniformSource } from "./linear.ts";

// Wellons' lowbias32: a bijection of 32-bit words whose every output bit
// depends on every input bit.
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}

// mask_i = (u_i ≥ p) / (1 − p);  out = input ⊙ mask
// u_i = (mix(mix(i ⊕ k₁) ⊕ k₂) >>> 1) / 2³¹ with one key (k₁, k₂) per call
// from `random`: a counter-based stream, so that the masks cost a few integer
// operations per element (two MT19937 draws each made them a tenth of a
// char-LM update), and re-seeding `random` still gives the same masks.
export function dropoutForward(
  out: Tensor,
  mask: Tensor,
  input: Tensor,
  p: number,
  random: UniformSource,
): void {
  const m = mask.data, x = input.data, y = out.data;
  const keep = 1 / (1 - p);
  const k1 = Math.floor(random.randomSample() * 2 ** 32) | 0;
  const k2 = Math.floor(random.randomSample() * 2 ** 32) | 0;
  const threshold = Math.round(p * 2 ** 31);
  for (let i = 0; i < x.length; i++) {
    // u ≥ p without a branch, which a random outcome would mispredict:
    // (u·2³¹ − p·2³¹) >> 31 is −1 below p and 0 from p on.
    const scale = keep * (1 + (((mix(mix(i ^ k1) ^ k2) >>> 1) - threshold) >> 31));
    m[i] = scale;
    y[i] = x[i] * scale;
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
