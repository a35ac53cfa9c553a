// The LSTM cell's pointwise part, fused. B = batch rows, H = hidden size.
// Gate order in every 4H row is PyTorch's: i, f, g, o.
import { madd, sigmoidV, tanhV, loadTail, storeTail } from "./simd";

// Each helper handles four hidden units of one row at `offset` bytes; `count`
// below 4 marks the row's tail, which goes through the same vector maths.
// @ts-ignore: decorator
@inline function get(p: usize, count: i32): v128 {
  return count == 4 ? v128.load(p) : loadTail(p, count);
}

// @ts-ignore: decorator
@inline function put(p: usize, v: v128, count: i32): void {
  if (count == 4) v128.store(p, v);
  else storeTail(p, v, count);
}

// i, f, o = σ(pre_{i,f,o}),  g = tanh(pre_g)
// c = f ⊙ c_prev + i ⊙ g,    h = o ⊙ tanh(c)
// h, c, tanhC, cPrev: (B, H); gates, preact: (B, 4H), gates may alias preact
export function lstmCellForward(
  h: usize, c: usize, tanhC: usize, gates: usize, preact: usize, cPrev: usize, batch: i32, hidden: i32,
): void {
  const unit = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * unit;
    const gateRow = row << 2;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const at = <usize>j << 2;
      const p = preact + gateRow + at;
      const i = sigmoidV(get(p, count));
      const f = sigmoidV(get(p + unit, count));
      const g = tanhV(get(p + 2 * unit, count));
      const o = sigmoidV(get(p + 3 * unit, count));
      const cv = madd(f, get(cPrev + row + at, count), f32x4.mul(i, g));
      const tc = tanhV(cv);
      const q = gates + gateRow + at;
      put(q, i, count);
      put(q + unit, f, count);
      put(q + 2 * unit, g, count);
      put(q + 3 * unit, o, count);
      put(c + row + at, cv, count);
      put(tanhC + row + at, tc, count);
      put(h + row + at, f32x4.mul(o, tc), count);
    }
  }
}

// dc_total = dc + dh ⊙ o ⊙ (1 − tanh²c);  dpre_o = dh ⊙ tanh c ⊙ o(1 − o)
// dpre_i = dc_total ⊙ g ⊙ i(1 − i);  dpre_f = dc_total ⊙ c_prev ⊙ f(1 − f);
// dpre_g = dc_total ⊙ i ⊙ (1 − g²);  dc_prev = dc_total ⊙ f
// dPreact: (B, 4H) written; dcPrev: (B, H) written, may alias dc;
// dh, dc, tanhC, cPrev: (B, H); gates: (B, 4H) from the forward pass
export function lstmCellBackward(
  dPreact: usize, dcPrev: usize, dh: usize, dc: usize, gates: usize, tanhC: usize, cPrev: usize,
  batch: i32, hidden: i32,
): void {
  const unit = <usize>hidden << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * unit;
    const gateRow = row << 2;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const at = <usize>j << 2;
      const q = gates + gateRow + at;
      const i = get(q, count);
      const f = get(q + unit, count);
      const g = get(q + 2 * unit, count);
      const o = get(q + 3 * unit, count);
      const tc = get(tanhC + row + at, count);
      const dhv = get(dh + row + at, count);
      const dcv = get(dc + row + at, count);
      const cp = get(cPrev + row + at, count);
      const dcTotal = madd(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(tc, tc)), dcv);
      const d = dPreact + gateRow + at;
      put(d, f32x4.mul(f32x4.mul(dcTotal, g), f32x4.mul(i, f32x4.sub(one, i))), count);
      put(d + unit, f32x4.mul(f32x4.mul(dcTotal, cp), f32x4.mul(f, f32x4.sub(one, f))), count);
      put(d + 2 * unit, f32x4.mul(f32x4.mul(dcTotal, i), f32x4.sub(one, f32x4.mul(g, g))), count);
      put(d + 3 * unit, f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, f32x4.sub(one, o))), count);
      put(dcPrev + row + at, f32x4.mul(dcTotal, f), count);
    }
  }
}
