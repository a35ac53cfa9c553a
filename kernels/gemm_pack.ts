// Packing for the blocked product: panels of A and B copied into working
// space in exactly the order the micro-kernel (gemm_micro.ts) reads them, so
// that it walks two contiguous streams whatever the source layout. A matrix
// is described by two strides in floats: element (i, k) of A at
// A + 4 (i aRowStride + k aColumnStride), element (k, j) of B at
// B + 4 (k bRowStride + j bColumnStride). A transposed operand is only a swap
// of strides, and its transpose happens here, once per panel, at the cost of
// a copy. Packing moves values and never rounds them.
import { MR, NR } from "./gemm_blocking";

// Four vectors of four floats transposed: out[m] = (v0[m], v1[m], v2[m], v3[m]),
// stored `step` bytes apart from dst.
// @ts-ignore: decorator
@inline function store4x4Transposed(dst: usize, step: usize, v0: v128, v1: v128, v2: v128, v3: v128): void {
  const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

// One panel of `count` (≤ width) lines, each `along` floats long, element
// (line l, position p) at src + 4 (l lineStride + p step), written as
// dst[p][l] with rows of `width` floats, missing lines zero. The general case
// behind the fast ones below: the edges of A and B, and odd strides.
// @ts-ignore: decorator
@inline function packGeneral(
  dst: usize, src: usize, lineStride: i32, step: i32, count: i32, width: i32, along: i32,
): void {
  for (let p = 0; p < along; p++) {
    const row = dst + (<usize>(p * width) << 2);
    for (let l = 0; l < width; l++) {
      const value = l < count ? load<f32>(src + ((<usize>l * lineStride + <usize>p * step) << 2)) : 0;
      store<f32>(row + (<usize>l << 2), value);
    }
  }
}

// A[i0 : i0 + mc, k0 : k0 + kc] as micro-panels of MR rows, each kc × MR
// (for each k the MR values of A's column k), the last panel's missing rows zero.
export function packA(
  dst: usize, A: usize, aRowStride: i32, aColumnStride: i32, i0: i32, k0: i32, mc: i32, kc: i32,
): void {
  const panelBytes = <usize>(MR * kc) << 2;
  for (let p = 0; p < mc; p += MR) {
    const rows = min(MR, mc - p);
    const src = A + ((<usize>(i0 + p) * aRowStride + <usize>k0 * aColumnStride) << 2);
    if (rows == MR && aColumnStride == 1) {
      // Rows of A contiguous: 4 × 4 blocks transposed in registers.
      const line = <usize>aRowStride << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const s = src + (<usize>k << 2);
        store4x4Transposed(dst + (<usize>k << 4), 16, v128.load(s), v128.load(s + line), v128.load(s + 2 * line), v128.load(s + 3 * line));
      }
      packGeneral(dst + (<usize>k << 4), src + (<usize>k << 2), aRowStride, 1, MR, MR, kc - k);
    } else if (rows == MR && aRowStride == 1) {
      // Aᵀ stored: A's column k is already MR contiguous floats.
      const line = <usize>aColumnStride << 2;
      for (let k = 0; k < kc; k++) v128.store(dst + (<usize>k << 4), v128.load(src + <usize>k * line));
    } else {
      packGeneral(dst, src, aRowStride, aColumnStride, rows, MR, kc);
    }
    dst += panelBytes;
  }
}

// B[k0 : k0 + kc, j0 : j0 + nc] as micro-panels of NR columns, each kc × NR
// (for each k the NR values of B's row k), the last panel's missing columns zero.
export function packB(
  dst: usize, B: usize, bRowStride: i32, bColumnStride: i32, k0: i32, j0: i32, kc: i32, nc: i32,
): void {
  const panelBytes = <usize>(NR * kc) << 2;
  for (let q = 0; q < nc; q += NR) {
    const columns = min(NR, nc - q);
    const src = B + ((<usize>k0 * bRowStride + <usize>(j0 + q) * bColumnStride) << 2);
    if (columns == NR && bColumnStride == 1) {
      // Rows of B contiguous: two vectors per k.
      const line = <usize>bRowStride << 2;
      for (let k = 0; k < kc; k++) {
        const s = src + <usize>k * line, d = dst + (<usize>k << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (columns == NR && bRowStride == 1) {
      // Bᵀ stored (B's columns contiguous): two 4 × 4 transposes per 4 k.
      const line = <usize>bColumnStride << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const s = src + (<usize>k << 2), d = dst + (<usize>k << 5);
        store4x4Transposed(d, 32, v128.load(s), v128.load(s + line), v128.load(s + 2 * line), v128.load(s + 3 * line));
        const s4 = s + 4 * line;
        store4x4Transposed(d + 16, 32, v128.load(s4), v128.load(s4 + line), v128.load(s4 + 2 * line), v128.load(s4 + 3 * line));
      }
      packGeneral(dst + (<usize>k << 5), src + (<usize>k << 2), bColumnStride, 1, NR, NR, kc - k);
    } else {
      packGeneral(dst, src, bColumnStride, bRowStride, columns, NR, kc);
    }
    dst += panelBytes;
  }
}
