// The matrix-matrix product without packing: register blocks of C computed
// straight from A and B in place, for products too small to repay copying
// their panels (a few rows of A, fewer than 4 columns of C). Its summation
// order is the contract the packed path (gemm_packed.ts) reproduces: every
// element of C's first N & ~3 columns is its start value plus one multiply-add
// per k, in k order; the last N % 4 columns (when N ≥ 4) are their start value
// plus a sum that itself starts at zero. Only N < 4 (scalar, unfused cells) is
// this file's alone.
import { madd } from "./simd";
import { matVecTransposedAccumulateStrided } from "./matvec";

/** How C starts: zero, the bias broadcast over rows, or its own contents. */
export const ZERO: i32 = 0;
export const BIAS: i32 = 1;
export const ACCUMULATE: i32 = 2;

// @ts-ignore: decorator
@inline function initial(mode: i32, c: usize, bias: usize): v128 {
  if (mode == ACCUMULATE) return v128.load(c);
  if (mode == BIAS) return v128.load(bias);
  return f32x4.splat(0);
}

// @ts-ignore: decorator
@inline function initialScalar(mode: i32, c: usize, bias: usize): f32 {
  if (mode == ACCUMULATE) return load<f32>(c);
  if (mode == BIAS) return load<f32>(bias);
  return 0;
}

// A 4×8 block of C: eight accumulators, two vectors of B and four broadcasts
// of A per k, which fits the 16 vector registers of x86-64 without spilling.
// @ts-ignore: decorator
@inline function block4x8(
  c: usize, a: usize, b: usize, bias: usize, mode: i32,
  aRow: usize, aCol: usize, K: i32, cRow: usize, bRow: usize,
): void {
  const c1 = c + cRow;
  const c2 = c1 + cRow;
  const c3 = c2 + cRow;
  let x00 = initial(mode, c, bias);
  let x01 = initial(mode, c + 16, bias + 16);
  let x10 = initial(mode, c1, bias);
  let x11 = initial(mode, c1 + 16, bias + 16);
  let x20 = initial(mode, c2, bias);
  let x21 = initial(mode, c2 + 16, bias + 16);
  let x30 = initial(mode, c3, bias);
  let x31 = initial(mode, c3 + 16, bias + 16);
  let ap = a;
  let bp = b;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let s = v128.load32_splat(ap);
    x00 = madd(s, b0, x00);
    x01 = madd(s, b1, x01);
    s = v128.load32_splat(ap + aRow);
    x10 = madd(s, b0, x10);
    x11 = madd(s, b1, x11);
    s = v128.load32_splat(ap + 2 * aRow);
    x20 = madd(s, b0, x20);
    x21 = madd(s, b1, x21);
    s = v128.load32_splat(ap + 3 * aRow);
    x30 = madd(s, b0, x30);
    x31 = madd(s, b1, x31);
    ap += aCol;
    bp += bRow;
  }
  v128.store(c, x00);
  v128.store(c, x01, 16);
  v128.store(c1, x10);
  v128.store(c1, x11, 16);
  v128.store(c2, x20);
  v128.store(c2, x21, 16);
  v128.store(c3, x30);
  v128.store(c3, x31, 16);
}

// One row of C, four columns: the edges the 4×8 blocks leave.
// @ts-ignore: decorator
@inline function block1x4(
  c: usize, a: usize, b: usize, bias: usize, mode: i32, aCol: usize, K: i32, bRow: usize,
): void {
  let x = initial(mode, c, bias);
  let ap = a;
  let bp = b;
  for (let k = 0; k < K; k++) {
    x = madd(v128.load32_splat(ap), v128.load(bp), x);
    ap += aCol;
    bp += bRow;
  }
  v128.store(c, x);
}

// A 4×4 block of C, for the columns the 4×8 blocks leave.
// @ts-ignore: decorator
@inline function block4x4(
  c: usize, a: usize, b: usize, bias: usize, mode: i32,
  aRow: usize, aCol: usize, K: i32, cRow: usize, bRow: usize,
): void {
  const c1 = c + cRow;
  const c2 = c1 + cRow;
  const c3 = c2 + cRow;
  let x0 = initial(mode, c, bias);
  let x1 = initial(mode, c1, bias);
  let x2 = initial(mode, c2, bias);
  let x3 = initial(mode, c3, bias);
  let ap = a;
  let bp = b;
  for (let k = 0; k < K; k++) {
    const bv = v128.load(bp);
    x0 = madd(v128.load32_splat(ap), bv, x0);
    x1 = madd(v128.load32_splat(ap + aRow), bv, x1);
    x2 = madd(v128.load32_splat(ap + 2 * aRow), bv, x2);
    x3 = madd(v128.load32_splat(ap + 3 * aRow), bv, x3);
    ap += aCol;
    bp += bRow;
  }
  v128.store(c, x0);
  v128.store(c1, x1);
  v128.store(c2, x2);
  v128.store(c3, x3);
}

// The last N % 4 columns when N ≥ 4: a block over columns N − 4 … N − 1
// whose first `keep` lanes were already computed and are left as they are.
// @ts-ignore: decorator
@inline function maskedStore(c: usize, bias: usize, mode: i32, x: v128, keepMask: v128): void {
  const old = v128.load(c);
  const fresh = f32x4.add(initial(mode, c, bias), x);
  v128.store(c, v128.bitselect(old, fresh, keepMask));
}

// @ts-ignore: decorator
@inline function maskedBlock(
  c: usize, a: usize, b: usize, bias: usize, mode: i32, rows: i32,
  aRow: usize, aCol: usize, K: i32, cRow: usize, bRow: usize, keepMask: v128,
): void {
  let x0 = f32x4.splat(0);
  let x1 = f32x4.splat(0);
  let x2 = f32x4.splat(0);
  let x3 = f32x4.splat(0);
  let ap = a;
  let bp = b;
  for (let k = 0; k < K; k++) {
    const bv = v128.load(bp);
    x0 = madd(v128.load32_splat(ap), bv, x0);
    if (rows > 1) {
      x1 = madd(v128.load32_splat(ap + aRow), bv, x1);
      x2 = madd(v128.load32_splat(ap + 2 * aRow), bv, x2);
      x3 = madd(v128.load32_splat(ap + 3 * aRow), bv, x3);
    }
    ap += aCol;
    bp += bRow;
  }
  maskedStore(c, bias, mode, x0, keepMask);
  if (rows > 1) {
    maskedStore(c + cRow, bias, mode, x1, keepMask);
    maskedStore(c + 2 * cRow, bias, mode, x2, keepMask);
    maskedStore(c + 3 * cRow, bias, mode, x3, keepMask);
  }
}

// @ts-ignore: decorator
@inline function cell(
  c: usize, a: usize, b: usize, bias: usize, mode: i32, aCol: usize, K: i32, bRow: usize,
): void {
  let x = initialScalar(mode, c, bias);
  let ap = a;
  let bp = b;
  for (let k = 0; k < K; k++) {
    x += load<f32>(ap) * load<f32>(bp);
    ap += aCol;
    bp += bRow;
  }
  store<f32>(c, x);
}

// C (=, = bias +, or +=) A B, where A's element (i, k) sits at
// a + 4 (i aRowStride + k aColumnStride).
// B's rows are bRowStride floats apart, so B may be the first N columns of a
// wider matrix.
export function gemmDirect(
  C: usize, A: usize, aRowStride: i32, aColumnStride: i32, B: usize, bRowStride: i32, bias: usize,
  M: i32, K: i32, N: i32, mode: i32,
): void {
  const aRow = <usize>aRowStride << 2;
  const aCol = <usize>aColumnStride << 2;
  const cRow = <usize>N << 2;
  const bRow = <usize>bRowStride << 2;
  // Rows beyond the last full block of 4: with A's rows contiguous they are
  // done at the end as whole-row matrix-vector passes; otherwise (Aᵀ) in
  // one-row strips alongside the blocks.
  const blockRows = M & ~3;
  const stripRows = aColumnStride == 1 ? blockRows : M;
  let j = 0;
  // Columns outermost: the K×8 strip of B stays in L1 while every row block of
  // A streams past it.
  for (; j + 8 <= N; j += 8) {
    const bj = B + (<usize>j << 2);
    const biasj = bias + (<usize>j << 2);
    for (let i = 0; i < blockRows; i += 4) {
      block4x8(C + <usize>i * cRow + (<usize>j << 2), A + <usize>i * aRow, bj, biasj, mode, aRow, aCol, K, cRow, bRow);
    }
    for (let r = blockRows; r < stripRows; r++) {
      const c = C + <usize>r * cRow + (<usize>j << 2);
      const a = A + <usize>r * aRow;
      block1x4(c, a, bj, biasj, mode, aCol, K, bRow);
      block1x4(c + 16, a, bj + 16, biasj + 16, mode, aCol, K, bRow);
    }
  }
  for (; j + 4 <= N; j += 4) {
    const bj = B + (<usize>j << 2);
    const biasj = bias + (<usize>j << 2);
    for (let i = 0; i < blockRows; i += 4) {
      block4x4(C + <usize>i * cRow + (<usize>j << 2), A + <usize>i * aRow, bj, biasj, mode, aRow, aCol, K, cRow, bRow);
    }
    for (let r = blockRows; r < stripRows; r++) {
      block1x4(C + <usize>r * cRow + (<usize>j << 2), A + <usize>r * aRow, bj, biasj, mode, aCol, K, bRow);
    }
  }
  if (j < N) {
    if (N >= 4) {
      const start = N - 4;
      const keep = 4 - (N - j);
      const keepMask = i32x4.gt_s(i32x4.splat(keep), i32x4(0, 1, 2, 3));
      const bj = B + (<usize>start << 2);
      const biasj = bias + (<usize>start << 2);
      for (let i = 0; i < blockRows; i += 4) {
        maskedBlock(C + <usize>i * cRow + (<usize>start << 2), A + <usize>i * aRow, bj, biasj, mode, 4, aRow, aCol, K, cRow, bRow, keepMask);
      }
      for (let r = blockRows; r < stripRows; r++) {
        maskedBlock(C + <usize>r * cRow + (<usize>start << 2), A + <usize>r * aRow, bj, biasj, mode, 1, aRow, aCol, K, cRow, bRow, keepMask);
      }
    } else {
      for (; j < N; j++) {
        for (let i = 0; i < stripRows; i++) {
          cell(C + <usize>i * cRow + (<usize>j << 2), A + <usize>i * aRow, B + (<usize>j << 2), bias + (<usize>j << 2), mode, aCol, K, bRow);
        }
      }
    }
  }
  if (aColumnStride == 1) {
    // c_i (=, = bias +, +=) Bᵀ a_i over the full width: one pass over B per
    // row at matrix-vector speed, instead of strided 4-column strips.
    for (let r = blockRows; r < M; r++) {
      const c = C + <usize>r * cRow;
      if (mode == ZERO) memory.fill(c, 0, cRow);
      else if (mode == BIAS) memory.copy(c, bias, cRow);
      matVecTransposedAccumulateStrided(c, B, A + <usize>r * aRow, K, N, bRowStride);
    }
  }
}

