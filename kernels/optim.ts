// Gradient clipping and parameter updates over flat buffers of n floats.
import { madd } from "./simd";

// Σ x², accumulated in f64 so that millions of squares lose nothing to rounding.
export function sumSquares(x: usize, n: i32): f64 {
  // Four independent sums, so the f64 adds do not wait on each other.
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let acc2 = f64x2.splat(0);
  let acc3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = v128.load(x + (<usize>i << 2));
    const w = v128.load(x + (<usize>i << 2), 16);
    const sv = f32x4.mul(v, v);
    const sw = f32x4.mul(w, w);
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(sv));
    acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<f32>(sv, sv, 2, 3, 0, 1)));
    acc2 = f64x2.add(acc2, f64x2.promote_low_f32x4(sw));
    acc3 = f64x2.add(acc3, f64x2.promote_low_f32x4(v128.shuffle<f32>(sw, sw, 2, 3, 0, 1)));
  }
  const acc = f64x2.add(f64x2.add(acc0, acc1), f64x2.add(acc2, acc3));
  let total = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    total += v * v;
  }
  return total;
}

// x *= s
export function scaleInPlace(x: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), sv));
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}

// PyTorch's SGD: g = s grad + λ p;  v = μ v + g;  p −= lr v  (p −= lr g when μ = 0)
// param, grad, velocity: (n); velocity unused when momentum is 0. s is the
// clipping coefficient, applied here rather than in a pass of its own (the
// product rounds exactly as a separate scaling would); zeroGrad clears grad
// once it is read, for the next backward pass to add into.
export function sgdStep(
  param: usize, grad: usize, velocity: usize, n: i32, lr: f32, momentum: f32, weightDecay: f32,
  gradScale: f32, zeroGrad: bool,
): void {
  const lrv = f32x4.splat(-lr);
  const mu = f32x4.splat(momentum);
  const wd = f32x4.splat(weightDecay);
  const sv = f32x4.splat(gradScale);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const p = v128.load(param + offset);
    let g = madd(wd, p, f32x4.mul(v128.load(grad + offset), sv));
    if (zeroGrad) v128.store(grad + offset, zero);
    if (momentum != 0) {
      g = madd(mu, v128.load(velocity + offset), g);
      v128.store(velocity + offset, g);
    }
    v128.store(param + offset, madd(lrv, g, p));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const p = load<f32>(param + offset);
    let g = load<f32>(grad + offset) * gradScale + weightDecay * p;
    if (zeroGrad) store<f32>(grad + offset, 0);
    if (momentum != 0) {
      g = momentum * load<f32>(velocity + offset) + g;
      store<f32>(velocity + offset, g);
    }
    store<f32>(param + offset, p - lr * g);
  }
}

// PyTorch's Adam (L2 weight decay folded into g, after the clipping coefficient s):
// g = s grad + λ p;  m = β1 m + (1 − β1) g;  v = β2 v + (1 − β2) g²;
// p −= (lr / bc1) m / (√v / √bc2 + ε), with bc_k = 1 − β_k^step given by the caller
export function adamStep(
  param: usize, grad: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, biasCorrection1: f32, biasCorrection2Sqrt: f32,
  gradScale: f32, zeroGrad: bool,
): void {
  const sv = f32x4.splat(gradScale);
  const zero = f32x4.splat(0);
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const c1 = f32x4.splat(1 - beta1);
  const c2 = f32x4.splat(1 - beta2);
  const wd = f32x4.splat(weightDecay);
  const stepSize = f32x4.splat(-lr / biasCorrection1);
  const inverseBc2 = f32x4.splat(1 / biasCorrection2Sqrt);
  const epsv = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const p = v128.load(param + offset);
    const g = madd(wd, p, f32x4.mul(v128.load(grad + offset), sv));
    if (zeroGrad) v128.store(grad + offset, zero);
    const mv = madd(b1, v128.load(m + offset), f32x4.mul(c1, g));
    const vv = madd(b2, v128.load(v + offset), f32x4.mul(c2, f32x4.mul(g, g)));
    v128.store(m + offset, mv);
    v128.store(v + offset, vv);
    const denom = madd(f32x4.sqrt(vv), inverseBc2, epsv);
    v128.store(param + offset, madd(stepSize, f32x4.div(mv, denom), p));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const p = load<f32>(param + offset);
    const g = load<f32>(grad + offset) * gradScale + weightDecay * p;
    if (zeroGrad) store<f32>(grad + offset, 0);
    const mv = beta1 * load<f32>(m + offset) + (1 - beta1) * g;
    const vv = beta2 * load<f32>(v + offset) + (1 - beta2) * g * g;
    store<f32>(m + offset, mv);
    store<f32>(v + offset, vv);
    const denom = Mathf.sqrt(vv) / biasCorrection2Sqrt + eps;
    store<f32>(param + offset, p - (lr / biasCorrection1) * (mv / denom));
  }
}
