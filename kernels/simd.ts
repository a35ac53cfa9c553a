// Shared SIMD helpers for every kernel. One source, two builds: with
// --enable relaxed-simd `madd` becomes a single fused multiply-add, otherwise a
// multiply then an add (the only difference between the two builds' results).

/** a * b + c, four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// The polynomials' coefficients are read from static data, one broadcast
// load each: V8 builds a vector constant anew at every use (three
// instructions, an immediate moved through a general register) and does not
// hoist it out of loops, so a dozen coefficients cost more than the
// arithmetic (the LSTM cell ran 1.76× faster on loads). Same values, same bits.
// @ts-ignore: decorator
@inline function coefficient(table: usize, index: i32): v128 {
  return v128.load32_splat(table + (<usize>index << 2));
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
// EXP_LO, EXP_HI, log2 e, ln 2 in two parts, the polynomial from x^5 down, 1/2 and 1.
const EXP = memory.data<f32>([
  -87.0, 88.0, 1.44269504088896341, 0.693359375, -2.12194440e-4,
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
  0.5, 1.0,
]);

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  let v = f32x4.pmin(f32x4.pmax(x, coefficient(EXP, 0)), coefficient(EXP, 1));
  const n = f32x4.floor(madd(v, coefficient(EXP, 2), coefficient(EXP, 11)));
  v = f32x4.sub(v, f32x4.mul(n, coefficient(EXP, 3)));
  v = f32x4.sub(v, f32x4.mul(n, coefficient(EXP, 4)));
  const v2 = f32x4.mul(v, v);
  let p = coefficient(EXP, 5);
  p = madd(p, v, coefficient(EXP, 6));
  p = madd(p, v, coefficient(EXP, 7));
  p = madd(p, v, coefficient(EXP, 8));
  p = madd(p, v, coefficient(EXP, 9));
  p = madd(p, v, coefficient(EXP, 10));
  p = f32x4.add(madd(p, v2, v), coefficient(EXP, 12));
  const bits = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, bits);
}

// tanh as Eigen's (and XNNPACK's) rational approximation: an odd degree-13
// polynomial over an even degree-6 one, on x clamped to ±7.9053 where tanh
// is 1 in f32. No exponential, one division; absolute error below 1e-6 (the
// tests hold it there). The clamps are pmin/pmax (one instruction each, where
// wasm's min/max cost several for their NaN and ±0 rules); with x first, a NaN
// still passes through both.
// The clamp, the numerator from x^13 down, the denominator from x^6 down,
// then the small-x bound of tanhV and sigmoidV's 1/2 and 1.
const TANH = memory.data<f32>([
  -7.90531110763549805, 7.90531110763549805,
  -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08,
  1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03,
  1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03,
  0.0004, 0.5, 1.0,
]);

// @ts-ignore: decorator
@inline function rationalTanh(x: v128): v128 {
  const clamped = f32x4.pmin(f32x4.pmax(x, coefficient(TANH, 0)), coefficient(TANH, 1));
  const x2 = f32x4.mul(clamped, clamped);
  let p = madd(x2, coefficient(TANH, 2), coefficient(TANH, 3));
  p = madd(x2, p, coefficient(TANH, 4));
  p = madd(x2, p, coefficient(TANH, 5));
  p = madd(x2, p, coefficient(TANH, 6));
  p = madd(x2, p, coefficient(TANH, 7));
  p = madd(x2, p, coefficient(TANH, 8));
  p = f32x4.mul(clamped, p);
  let q = madd(x2, coefficient(TANH, 9), coefficient(TANH, 10));
  q = madd(x2, q, coefficient(TANH, 11));
  q = madd(x2, q, coefficient(TANH, 12));
  return f32x4.div(p, q);
}

// Below |x| = 0.0004, tanh x = x to f32 precision, which keeps ±0 and
// subnormals exact.
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const tiny = f32x4.lt(f32x4.abs(x), coefficient(TANH, 13));
  return v128.bitselect(x, rationalTanh(x), tiny);
}

// σ(x) = (1 + tanh(x / 2)) / 2: the rational tanh above, so no exponential
// (and no small-x select: near 0 it only shifts 0.5 by a fraction of an ulp).
// Absolute error below 1e-6 like tanh's; results lie in [0, 1] for every input.
// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  const half = coefficient(TANH, 14);
  const y = madd(rationalTanh(f32x4.mul(x, half)), half, half);
  return f32x4.pmin(f32x4.pmax(y, f32x4.splat(0)), coefficient(TANH, 15));
}

// The last n % 4 elements of pointwise kernels go through the same vector
// maths as the body: loaded lane by lane into a zeroed vector, stored back
// lane by lane (count is 1, 2 or 3).
// @ts-ignore: decorator
@inline export function loadTail(src: usize, count: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(src));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(src, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(src, 8));
  return v;
}

// @ts-ignore: decorator
@inline export function storeTail(dst: usize, value: v128, count: i32): void {
  store<f32>(dst, f32x4.extract_lane(value, 0));
  if (count > 1) store<f32>(dst, f32x4.extract_lane(value, 1), 4);
  if (count > 2) store<f32>(dst, f32x4.extract_lane(value, 2), 8);
}
