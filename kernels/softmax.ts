// Row-wise softmax and cross-entropy. R = rows (time steps or batch), C =
// classes. The row maximum is subtracted before exponentiating, so logits of
// any finite size give finite results.
import { expV, horizontalSum, loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline function rowMax(row: usize, columns: i32): f32 {
  let best = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= columns; c += 4) best = f32x4.max(best, v128.load(row + (<usize>c << 2)));
  let m = max(max(f32x4.extract_lane(best, 0), f32x4.extract_lane(best, 1)), max(f32x4.extract_lane(best, 2), f32x4.extract_lane(best, 3)));
  for (; c < columns; c++) m = max(m, load<f32>(row + (<usize>c << 2)));
  return m;
}

// out[c] = e^{row[c] − m}; returns Σ_c out[c]. out may alias row.
// @ts-ignore: decorator
@inline function shiftedExp(out: usize, row: usize, m: f32, columns: i32): f32 {
  const mv = f32x4.splat(m);
  let total = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= columns; c += 4) {
    const e = expV(f32x4.sub(v128.load(row + (<usize>c << 2)), mv));
    v128.store(out + (<usize>c << 2), e);
    total = f32x4.add(total, e);
  }
  let sum = horizontalSum(total);
  if (c < columns) {
    const count = columns - c;
    const e = expV(f32x4.sub(loadTail(row + (<usize>c << 2), count), mv));
    storeTail(out + (<usize>c << 2), e, count);
    // Lanes past the tail were loaded as 0, so e^{0 − m} there must not count.
    sum += tailSum(e, count);
  }
  return sum;
}

// @ts-ignore: decorator
@inline function tailSum(v: v128, count: i32): f32 {
  let s = f32x4.extract_lane(v, 0);
  if (count > 1) s += f32x4.extract_lane(v, 1);
  if (count > 2) s += f32x4.extract_lane(v, 2);
  return s;
}

// probs = softmax(logits), row by row
// probs: (R, C), logits: (R, C); probs may alias logits
export function softmaxForward(probs: usize, logits: usize, rows: i32, columns: i32): void {
  const stride = <usize>columns << 2;
  for (let r = 0; r < rows; r++) {
    const row = logits + <usize>r * stride;
    const out = probs + <usize>r * stride;
    const sum = shiftedExp(out, row, rowMax(row, columns), columns);
    const inverse = f32x4.splat(1 / sum);
    let c = 0;
    for (; c + 4 <= columns; c += 4) v128.store(out + (<usize>c << 2), f32x4.mul(v128.load(out + (<usize>c << 2)), inverse));
    for (; c < columns; c++) store<f32>(out + (<usize>c << 2), load<f32>(out + (<usize>c << 2)) / sum);
  }
}

// out = (logits − m) − log Σ e^{logits − m}, row by row
// out: (R, C), logits: (R, C); out may alias logits only if the exponentials
// are not needed afterwards
export function logSoftmaxForward(out: usize, logits: usize, rows: i32, columns: i32): void {
  const stride = <usize>columns << 2;
  for (let r = 0; r < rows; r++) {
    const row = logits + <usize>r * stride;
    const dst = out + <usize>r * stride;
    const m = rowMax(row, columns);
    const sum = shiftedExp(dst, row, m, columns);
    // (x − m) − log Σ rather than x − (m + log Σ): at |m| near 3e38 the
    // latter loses log Σ entirely to rounding.
    const mv = f32x4.splat(m);
    const logSum = <f32>Math.log(<f64>sum);
    const lv = f32x4.splat(logSum);
    let c = 0;
    for (; c + 4 <= columns; c += 4) v128.store(dst + (<usize>c << 2), f32x4.sub(f32x4.sub(v128.load(row + (<usize>c << 2)), mv), lv));
    for (; c < columns; c++) store<f32>(dst + (<usize>c << 2), (load<f32>(row + (<usize>c << 2)) - m) - logSum);
  }
}

// loss = Σ_r −log softmax(logits_r)[target_r], skipping rows whose target is
// negative (padding); probs receives softmax(logits) for the backward pass.
// probs: (R, C), logits: (R, C), targets: (R) i32
export function crossEntropyForward(probs: usize, logits: usize, targets: usize, rows: i32, columns: i32): f64 {
  const stride = <usize>columns << 2;
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = logits + <usize>r * stride;
    const out = probs + <usize>r * stride;
    const m = rowMax(row, columns);
    const target = load<i32>(targets + (<usize>r << 2));
    // Read the target logit before probs overwrites it (probs may alias logits).
    const targetLogit: f32 = target >= 0 ? load<f32>(row + (<usize>target << 2)) : 0;
    const sum = shiftedExp(out, row, m, columns);
    if (target >= 0) loss += (<f64>m - <f64>targetLogit) + Math.log(<f64>sum);
    const inverse = f32x4.splat(1 / sum);
    let c = 0;
    for (; c + 4 <= columns; c += 4) v128.store(out + (<usize>c << 2), f32x4.mul(v128.load(out + (<usize>c << 2)), inverse));
    for (; c < columns; c++) store<f32>(out + (<usize>c << 2), load<f32>(out + (<usize>c << 2)) / sum);
  }
  return loss;
}

// dLogits += scale (probs − onehot(target)), rows with a negative target skipped
// dLogits: (R, C), probs: (R, C), targets: (R) i32
export function crossEntropyBackward(dLogits: usize, probs: usize, targets: usize, rows: i32, columns: i32, scale: f32): void {
  const stride = <usize>columns << 2;
  const sv = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const target = load<i32>(targets + (<usize>r << 2));
    if (target < 0) continue;
    const p = probs + <usize>r * stride;
    const d = dLogits + <usize>r * stride;
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      const offset = <usize>c << 2;
      v128.store(d + offset, f32x4.add(v128.load(d + offset), f32x4.mul(v128.load(p + offset), sv)));
    }
    for (; c < columns; c++) {
      const offset = <usize>c << 2;
      store<f32>(d + offset, load<f32>(d + offset) + load<f32>(p + offset) * scale);
    }
    const t = d + (<usize>target << 2);
    store<f32>(t, load<f32>(t) - scale);
  }
}
