// Shared SIMD helpers for every kernel. One source, two builds: with
// --enable relaxed-simd `madd` becomes a single fused multiply-add, otherwise a
// multiply then an add (the only difference between the two builds' results).

/** a * b + c, four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline export function horizontalSum(v: v128): f32 {
  const pairs = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(pairs, 0) + f32x4.extract_lane(pairs, 1);
}

// exp(x) after Cephes expf: x = n ln2 + r with |r| <= ln2/2, a degree-5
// polynomial for e^r, then 2^n built in the exponent bits. The input is
// clamped so that 2^n stays a normal float: the result is finite for every
// finite input (and for ±Infinity), relative error about 2 ulp.
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.0;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  let v = f32x4.min(f32x4.max(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.floor(madd(v, f32x4.splat(LOG2E), f32x4.splat(0.5)));
  v = f32x4.sub(v, f32x4.mul(n, f32x4.splat(LN2_HI)));
  v = f32x4.sub(v, f32x4.mul(n, f32x4.splat(LN2_LO)));
  const v2 = f32x4.mul(v, v);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, v, f32x4.splat(1.3981999507e-3));
  p = madd(p, v, f32x4.splat(8.3334519073e-3));
  p = madd(p, v, f32x4.splat(4.1665795894e-2));
  p = madd(p, v, f32x4.splat(1.6666665459e-1));
  p = madd(p, v, f32x4.splat(5.0000001201e-1));
  p = f32x4.add(madd(p, v2, v), f32x4.splat(1.0));
  const bits = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, bits);
}

// tanh: for |x| < 0.625 Cephes tanhf's odd polynomial (no cancellation near
// 0), otherwise 1 - 2 / (e^{2|x|} + 1) with the sign put back. |x| is capped
// at 9, where tanh is 1 in f32. Absolute error below 1e-7.
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const ax = f32x4.min(f32x4.abs(x), f32x4.splat(9.0));
  const e = expV(f32x4.add(ax, ax));
  const large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const z = f32x4.mul(ax, ax);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), ax, ax);
  const chosen = v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(0.625)));
  return v128.or(chosen, sign);
}

// sigmoid(x) = 1 / (1 + e^{-x}); expV's clamp keeps e^{-x} finite and
// positive, so the result lies in (0, 1] for every finite input.
// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

// Eight 16-byte scratch blocks for the last n % 4 elements of pointwise kernels:
// the tail goes through the same vector code as the body, so every position
// gets bit-identical maths.
export const TAIL: usize = memory.data(128, 16);

// @ts-ignore: decorator
@inline export function loadTail(src: usize, count: i32, slot: i32): v128 {
  const block = TAIL + (<usize>slot << 4);
  v128.store(block, v128.splat<i32>(0));
  memory.copy(block, src, <usize>count << 2);
  return v128.load(block);
}

// @ts-ignore: decorator
@inline export function storeTail(dst: usize, value: v128, count: i32): void {
  v128.store(TAIL, value);
  memory.copy(dst, TAIL, <usize>count << 2);
}
