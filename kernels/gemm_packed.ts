// The packed, cache-blocked product (BLIS's loop nest): for each block of NC
// columns, for each depth block of KC, B's block is packed (once per call, or
// taken from a matrix packed earlier), then for each block of MC rows A's
// block is packed and every MR × NR tile of C is summed by the micro-kernel
// over that depth. Within a tile every element gets one multiply-add per k, in
// k order, onto its value from the previous depth block: the summation order
// of gemm_direct.ts, bit for bit.
// Edges: the last panel's 4-wide parts are summed in place by a 4 × 4
// micro-kernel; the last rows (fewer than MR) through a zero-padded tile in
// working space, rows past M computed on padding and dropped. The last N % 4
// columns follow gemm_direct.ts's rule for them, a sum from zero added to C's
// start value at the end; their partial sums live between depth blocks in a
// tail buffer (M × 4 floats).
// Every tile writes only its own part of C (and of the tail buffer), so
// slices of rows or of column panels can run apart (threads, later), each
// with its own packed A and edge tile, sharing B's packing.
import { KC_L1, MC_L2, MR, NC_L3, NR, roundUp } from "./gemm_blocking";
import { ZERO, BIAS } from "./gemm_direct";
import { tile4x4, tile4x8 } from "./gemm_micro";
import { packA, packB } from "./gemm_pack";

const TILE_BYTES: usize = <usize>(MR * NR) << 2;

// Working space, from a 64-byte (cache line) boundary: A's block, the edge
// tile, the tail sums, then B's block unless B comes packed.
// @ts-ignore: decorator
@inline function aligned(scratch: usize): usize {
  return (scratch + 63) & ~63;
}
// @ts-ignore: decorator
@inline function packedABytes(M: i32, K: i32): usize {
  return <usize>min(MC_L2, roundUp(M, MR)) * <usize>min(KC_L1, K) << 2;
}
// @ts-ignore: decorator
@inline function tailBytes(M: i32, N: i32): usize {
  return (N & 3) != 0 ? <usize>M << 4 : 0;
}

/**
 * Whether a time loop of products with `batch` rows and N columns packs its
 * weights once per call for every step (from 16 rows, as the transposed B of
 * matmul.ts: the packing is shared by all steps).
 */
// @ts-ignore: decorator
@inline export function prepacks(batch: i32, N: i32): bool {
  return N >= 4 && batch >= 16;
}

/** Bytes of a whole B (K × N) packed by packWholeB. */
// @ts-ignore: decorator
@inline export function wholePackedBBytes(K: i32, N: i32): usize {
  return <usize>K * <usize>roundUp(N, NR) << 2;
}

// Copies `count` floats (at most a tile's row); memory.copy would be a call.
// @ts-ignore: decorator
@inline function copyFloats(dst: usize, src: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// The last rows of C, fewer than MR: `rows` × (`mainCols` of C, then
// `tailCols` of the tail sums) copied into a zeroed MR × NR tile, summed,
// and copied back.
function edgeTile(
  c: usize, cRow: usize, t: usize, a: usize, b: usize, kc: i32,
  rows: i32, mainCols: i32, tailCols: i32, tile: usize,
): void {
  for (let offset: usize = 0; offset < TILE_BYTES; offset += 16) v128.store(tile + offset, f32x4.splat(0));
  for (let r = 0; r < rows; r++) {
    const row = tile + (<usize>(r * NR) << 2);
    copyFloats(row, c + <usize>r * cRow, mainCols);
    copyFloats(row + (<usize>mainCols << 2), t + (<usize>r << 4), tailCols);
  }
  tile4x8(tile, <usize>NR << 2, a, b, kc);
  for (let r = 0; r < rows; r++) {
    const row = tile + (<usize>(r * NR) << 2);
    copyFloats(c + <usize>r * cRow, row, mainCols);
    copyFloats(t + (<usize>r << 4), row + (<usize>mainCols << 2), tailCols);
  }
}

// C[:, j0 : j0 + nc] += A[:, k0 : k0 + kc] B[k0 : k0 + kc, j0 : j0 + nc], B's
// block packed at `packedB`; A packed MC rows at a time into `packedA`.
function multiplyBlock(
  C: usize, cRow: usize, A: usize, aRowStride: i32, aColumnStride: i32, packedB: usize,
  M: i32, N: i32, k0: i32, kc: i32, j0: i32, nc: i32, packedA: usize, tile: usize, tail: usize,
): void {
  const N4 = N & ~3;
  const aPanel = <usize>(MR * kc) << 2, bPanel = <usize>(NR * kc) << 2;
  for (let i0 = 0; i0 < M; i0 += MC_L2) {
    const mc = min(MC_L2, M - i0);
    packA(packedA, A, aRowStride, aColumnStride, i0, k0, mc, kc);
    const fullRows = mc & ~(MR - 1);
    let b = packedB;
    for (let j = j0; j < j0 + nc; j += NR) {
      const c = C + <usize>i0 * cRow + (<usize>j << 2);
      let a = packedA;
      if (j + NR <= N4) {
        for (let r = 0; r < fullRows; r += MR) {
          tile4x8(c + <usize>r * cRow, cRow, a, b, kc);
          a += aPanel;
        }
        if (fullRows < mc) edgeTile(c + <usize>fullRows * cRow, cRow, 0, a, b, kc, mc - fullRows, NR, 0, tile);
      } else {
        // The last panel: 0 or 4 columns of C (N4 − j), then the N − N4 whose
        // sums run in the tail buffer, each four wide on its own.
        const mainCols = N4 - j, tailCols = N - N4;
        const t = tail + (<usize>i0 << 4);
        for (let r = 0; r < fullRows; r += MR) {
          if (mainCols) tile4x4(c + <usize>r * cRow, cRow, a, b, kc);
          if (tailCols) tile4x4(t + (<usize>r << 4), 16, a, b + (<usize>mainCols << 2), kc);
          a += aPanel;
        }
        if (fullRows < mc) {
          edgeTile(c + <usize>fullRows * cRow, cRow, t + (<usize>fullRows << 4), a, b, kc, mc - fullRows, mainCols, tailCols, tile);
        }
      }
      b += bPanel;
    }
  }
}

// C (M × N, rows contiguous) += A B over every block, B packed here block by
// block (prepacked = 0) or already whole at `prepacked` (packWholeB's layout).
function multiplyBlocked(
  C: usize, A: usize, aRowStride: i32, aColumnStride: i32,
  B: usize, bRowStride: i32, bColumnStride: i32, prepacked: usize,
  M: i32, K: i32, N: i32, scratch: usize,
): void {
  const cRow = <usize>N << 2;
  const packedA = aligned(scratch);
  const tile = packedA + packedABytes(M, K);
  const tail = tile + TILE_BYTES;
  const packedB = tail + tailBytes(M, N);
  const N4 = N & ~3;
  if (N4 < N) memory.fill(tail, 0, tailBytes(M, N));
  for (let j0 = 0; j0 < N; j0 += NC_L3) {
    const nc = min(NC_L3, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC_L1) {
      const kc = min(KC_L1, K - k0);
      let block = packedB;
      if (prepacked) block = prepacked + ((<usize>j0 * <usize>K + <usize>k0 * <usize>roundUp(nc, NR)) << 2);
      else packB(packedB, B, bRowStride, bColumnStride, k0, j0, kc, nc);
      multiplyBlock(C, cRow, A, aRowStride, aColumnStride, block, M, N, k0, kc, j0, nc, packedA, tile, tail);
    }
  }
  // The tail columns: start value + their sums from zero, as gemm_direct.ts adds them.
  for (let i = 0; i < M && N4 < N; i++) {
    const c = C + <usize>i * cRow, t = tail + (<usize>i << 4);
    for (let j = N4; j < N; j++) {
      const at = c + (<usize>j << 2);
      store<f32>(at, load<f32>(at) + load<f32>(t + (<usize>(j - N4) << 2)));
    }
  }
}

/**
 * C (=, = bias +, or +=) A B with A and B given by strides (see gemm_pack.ts);
 * `scratch` holds packedGemmBytes(M, K, N) bytes (src/backends/wasm/gemm_scratch.ts).
 */
export function gemmPacked(
  C: usize, A: usize, aRowStride: i32, aColumnStride: i32, B: usize, bRowStride: i32, bColumnStride: i32,
  bias: usize, M: i32, K: i32, N: i32, mode: i32, scratch: usize,
): void {
  // C's start value first; from then on every depth block accumulates.
  const cRow = <usize>N << 2;
  if (mode == ZERO) memory.fill(C, 0, <usize>M * cRow);
  else if (mode == BIAS) for (let i = 0; i < M; i++) memory.copy(C + <usize>i * cRow, bias, cRow);
  multiplyBlocked(C, A, aRowStride, aColumnStride, B, bRowStride, bColumnStride, 0, M, K, N, scratch);
}

/** All of B (K × N) packed, block after block, for gemmPrepacked: wholePackedBBytes(K, N) at dst. */
export function packWholeB(dst: usize, B: usize, bRowStride: i32, bColumnStride: i32, K: i32, N: i32): void {
  for (let j0 = 0; j0 < N; j0 += NC_L3) {
    const nc = min(NC_L3, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC_L1) {
      const block = dst + ((<usize>j0 * <usize>K + <usize>k0 * <usize>roundUp(nc, NR)) << 2);
      packB(block, B, bRowStride, bColumnStride, k0, j0, min(KC_L1, K - k0), nc);
    }
  }
}

/**
 * C += A B with B packed by packWholeB (a weight matrix reused at every time
 * step); `scratch` holds prepackedGemmBytes(M, K, N) bytes.
 */
export function gemmPrepacked(
  C: usize, A: usize, aRowStride: i32, aColumnStride: i32, packed: usize, M: i32, K: i32, N: i32, scratch: usize,
): void {
  multiplyBlocked(C, A, aRowStride, aColumnStride, 0, 0, 0, packed, M, K, N, scratch);
}
