// The micro-kernel of the packed product: one MR × NR = 4 × 8 tile of C in
// eight vector registers, plus two of B and one broadcast of A per step,
// which leaves x86-64's 16 vector registers room without spilling (a 6 × 8
// tile measured 2 % faster here, but its 6-row tiles waste a fifth of every
// 32-row batch). Each step is one multiply-add per element, in k order, onto
// C's current value: K-blocks that reload C keep every element's summation
// order. Two steps per iteration halve the loop's overhead (+10 % measured).
import { madd } from "./simd";

// C[0 : 4, 0 : 8] += a b over kc steps; a: kc × 4 floats, b: kc × 8 (packed),
// C's rows cRow bytes apart.
export function tile4x8(c: usize, cRow: usize, a: usize, b: usize, kc: i32): void {
  const c1 = c + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
  let x00 = v128.load(c), x01 = v128.load(c, 16), x10 = v128.load(c1), x11 = v128.load(c1, 16);
  let x20 = v128.load(c2), x21 = v128.load(c2, 16), x30 = v128.load(c3), x31 = v128.load(c3, 16);
  let k = 0;
  for (; k + 2 <= kc; k += 2) {
    let b0 = v128.load(b), b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(a, 4);
    x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(a, 8);
    x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(a, 12);
    x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
    b0 = v128.load(b, 32); b1 = v128.load(b, 48);
    s = v128.load32_splat(a, 16);
    x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(a, 20);
    x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(a, 24);
    x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(a, 28);
    x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
    a += 32;
    b += 64;
  }
  if (k < kc) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(a, 4);
    x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(a, 8);
    x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(a, 12);
    x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

// C[0 : 4, 0 : 4] += a b over kc steps, b's four columns the first of the
// packed panel's eight (rows 32 bytes apart): the last panel's half-width
// columns, with no copy through an edge tile.
export function tile4x4(c: usize, cRow: usize, a: usize, b: usize, kc: i32): void {
  const c1 = c + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
  let x0 = v128.load(c), x1 = v128.load(c1), x2 = v128.load(c2), x3 = v128.load(c3);
  for (let k = 0; k < kc; k++) {
    const bv = v128.load(b);
    x0 = madd(v128.load32_splat(a), bv, x0);
    x1 = madd(v128.load32_splat(a, 4), bv, x1);
    x2 = madd(v128.load32_splat(a, 8), bv, x2);
    x3 = madd(v128.load32_splat(a, 12), bv, x3);
    a += 16;
    b += 32;
  }
  v128.store(c, x0); v128.store(c1, x1); v128.store(c2, x2); v128.store(c3, x3);
}
