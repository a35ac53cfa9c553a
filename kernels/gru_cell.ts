// The GRU cell's pointwise part, fused, in PyTorch's form. B = batch rows,
// H = hidden size. Gate order in every 3H row: r, z, n.
import { madd, sigmoidV, tanhV, loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline function get(p: usize, count: i32): v128 {
  return count == 4 ? v128.load(p) : loadTail(p, count);
}

// @ts-ignore: decorator
@inline function put(p: usize, v: v128, count: i32): void {
  if (count == 4) v128.store(p, v);
  else storeTail(p, v, count);
}

// r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z),  n = tanh(gi_n + r ⊙ gh_n)
// h = (1 − z) ⊙ n + z ⊙ h_prev
// gi = W_ih x + b_ih, gh = W_hh h_prev + b_hh: (B, 3H); gates: (B, 3H) receives r, z, n;
// h, hPrev: (B, H), h may alias hPrev
export function gruCellForward(h: usize, gates: usize, gi: usize, gh: usize, hPrev: usize, batch: i32, hidden: i32): void {
  const unit = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * unit;
    const gateRow = row * 3;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const at = <usize>j << 2;
      const x = gi + gateRow + at;
      const y = gh + gateRow + at;
      const r = sigmoidV(f32x4.add(get(x, count), get(y, count)));
      const z = sigmoidV(f32x4.add(get(x + unit, count), get(y + unit, count)));
      const n = tanhV(madd(r, get(y + 2 * unit, count), get(x + 2 * unit, count)));
      const hp = get(hPrev + row + at, count);
      const q = gates + gateRow + at;
      put(q, r, count);
      put(q + unit, z, count);
      put(q + 2 * unit, n, count);
      put(h + row + at, madd(z, f32x4.sub(hp, n), n), count);
    }
  }
}

// dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dz = dh ⊙ (h_prev − n) ⊙ z(1 − z);  dr = dn ⊙ gh_n ⊙ r(1 − r)
// dgi = [dr, dz, dn], dgh = [dr, dz, r ⊙ dn], dhPrev += dh ⊙ z (the path through W_hh is the caller's)
// dgi, dgh: (B, 3H) written; dhPrev: (B, H) added into (it holds what reaches h_{t−1} from above);
// dh, hPrev: (B, H); gates, gh: (B, 3H) from the forward pass
export function gruCellBackward(
  dgi: usize, dgh: usize, dhPrev: usize, dh: usize, gates: usize, gh: usize, hPrev: usize, batch: i32, hidden: i32,
): void {
  const unit = <usize>hidden << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * unit;
    const gateRow = row * 3;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const at = <usize>j << 2;
      const q = gates + gateRow + at;
      const r = get(q, count);
      const z = get(q + unit, count);
      const n = get(q + 2 * unit, count);
      const ghN = get(gh + gateRow + 2 * unit + at, count);
      const hp = get(hPrev + row + at, count);
      const dhv = get(dh + row + at, count);
      const dn = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
      const dz = f32x4.mul(f32x4.mul(dhv, f32x4.sub(hp, n)), f32x4.mul(z, f32x4.sub(one, z)));
      const dr = f32x4.mul(f32x4.mul(dn, ghN), f32x4.mul(r, f32x4.sub(one, r)));
      const x = dgi + gateRow + at;
      const y = dgh + gateRow + at;
      put(x, dr, count);
      put(x + unit, dz, count);
      put(x + 2 * unit, dn, count);
      put(y, dr, count);
      put(y + unit, dz, count);
      put(y + 2 * unit, f32x4.mul(r, dn), count);
      put(dhPrev + row + at, madd(dhv, z, get(dhPrev + row + at, count)), count);
    }
  }
}
