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
  cellForward(h, c, tanhC, gates, preact, cPrev, batch, hidden, 0, false);
}

// The same with peepholes p = (p_i, p_f, p_o), each (H), the cell state
// looking into its own gates (Gers & Schmidhuber 2002):
// i, f = σ(pre_{i,f} + p_{i,f} ⊙ c_prev),  o = σ(pre_o + p_o ⊙ c)
// `peephole` is constant at every call, so each inlined copy keeps only its own maths.
// @ts-ignore: decorator
@inline export function cellForward(
  h: usize, c: usize, tanhC: usize, gates: usize, preact: usize, cPrev: usize, batch: i32, hidden: i32,
  p: usize, peephole: bool,
): void {
  const unit = <usize>hidden << 2;
  if (!peephole) {
    // Without peepholes a row's four activations depend on nothing else: one
    // pass over them, whose iterations overlap, then the short chain
    // c → tanh c → h. In one fused loop the chain σ → c → tanh c, two
    // dependent divisions deep, kept the core waiting: the cell took 18 % of
    // the LSTM's time loop. Each value is computed as in the fused loop.
    for (let b = 0; b < batch; b++) {
      const gateRow = <usize>b * unit << 2;
      for (let j = 0; j < hidden; j += 4) {
        const count = min(4, hidden - j);
        const q0 = preact + gateRow + (<usize>j << 2), q = gates + gateRow + (<usize>j << 2);
        const i = sigmoidV(get(q0, count));
        const f = sigmoidV(get(q0 + unit, count));
        const g = tanhV(get(q0 + 2 * unit, count));
        const o = sigmoidV(get(q0 + 3 * unit, count));
        put(q, i, count);
        put(q + unit, f, count);
        put(q + 2 * unit, g, count);
        put(q + 3 * unit, o, count);
      }
    }
    for (let b = 0; b < batch; b++) {
      const row = <usize>b * unit;
      for (let j = 0; j < hidden; j += 4) {
        const count = min(4, hidden - j);
        const at = row + (<usize>j << 2), q = gates + (row << 2) + (<usize>j << 2);
        const cv = madd(get(q + unit, count), get(cPrev + at, count), f32x4.mul(get(q, count), get(q + 2 * unit, count)));
        const tc = tanhV(cv);
        put(c + at, cv, count);
        put(tanhC + at, tc, count);
        put(h + at, f32x4.mul(get(q + 3 * unit, count), tc), count);
      }
    }
    return;
  }
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * unit;
    const gateRow = row << 2;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const at = <usize>j << 2;
      const q0 = preact + gateRow + at;
      const cp = get(cPrev + row + at, count);
      let preI = get(q0, count);
      let preF = get(q0 + unit, count);
      let preO = get(q0 + 3 * unit, count);
      if (peephole) {
        preI = madd(get(p + at, count), cp, preI);
        preF = madd(get(p + unit + at, count), cp, preF);
      }
      const i = sigmoidV(preI);
      const f = sigmoidV(preF);
      const g = tanhV(get(q0 + 2 * unit, count));
      const cv = madd(f, cp, f32x4.mul(i, g));
      if (peephole) preO = madd(get(p + 2 * unit + at, count), cv, preO);
      const o = sigmoidV(preO);
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
  cellBackward(dPreact, dcPrev, dh, dc, gates, tanhC, cPrev, batch, hidden, 0, 0, 0, false);
}

// With peepholes: dc_total += dpre_o ⊙ p_o;  dc_prev += dpre_i ⊙ p_i + dpre_f ⊙ p_f;
// dp_i += dpre_i ⊙ c_prev,  dp_f += dpre_f ⊙ c_prev,  dp_o += dpre_o ⊙ c (summed over rows);
// p, dp: (3, H); c: (B, H) this step's cell state
// @ts-ignore: decorator
@inline export function cellBackward(
  dPreact: usize, dcPrev: usize, dh: usize, dc: usize, gates: usize, tanhC: usize, cPrev: usize,
  batch: i32, hidden: i32, p: usize, dp: usize, c: usize, peephole: bool,
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
      const dpo = f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, f32x4.sub(one, o)));
      let dcTotal = madd(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(tc, tc)), dcv);
      if (peephole) dcTotal = madd(dpo, get(p + 2 * unit + at, count), dcTotal);
      const dpi = f32x4.mul(f32x4.mul(dcTotal, g), f32x4.mul(i, f32x4.sub(one, i)));
      const dpf = f32x4.mul(f32x4.mul(dcTotal, cp), f32x4.mul(f, f32x4.sub(one, f)));
      const d = dPreact + gateRow + at;
      put(d, dpi, count);
      put(d + unit, dpf, count);
      put(d + 2 * unit, f32x4.mul(f32x4.mul(dcTotal, i), f32x4.sub(one, f32x4.mul(g, g))), count);
      put(d + 3 * unit, dpo, count);
      let dcp = f32x4.mul(dcTotal, f);
      if (peephole) {
        dcp = madd(dpi, get(p + at, count), madd(dpf, get(p + unit + at, count), dcp));
        put(dp + at, madd(dpi, cp, get(dp + at, count)), count);
        put(dp + unit + at, madd(dpf, cp, get(dp + unit + at, count)), count);
        put(dp + 2 * unit + at, madd(dpo, get(c + row + at, count), get(dp + 2 * unit + at, count)), count);
      }
      put(dcPrev + row + at, dcp, count);
    }
  }
}
